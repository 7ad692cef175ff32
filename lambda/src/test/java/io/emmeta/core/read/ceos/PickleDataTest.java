package io.emmeta.core.read.ceos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;

/**
 * The pickle opcode reader on streams written by Python: {@code lambda/src/test/resources/ceos/make-pickles.py}
 * (committed beside them) writes {@code pickle.dumps} of a known dict at protocols 2 and 4, and hand-assembled hostile
 * streams. Expected values are that script's {@code META} dict; the opcodes each stream holds were listed with
 * {@code python3 -m pickletools}.
 */
class PickleDataTest {

    static final Path DIR = Path.of("lambda/src/test/resources/ceos");

    static byte[] pkl(String name) throws Exception {
        return Files.readAllBytes(DIR.resolve(name));
    }

    static MetadataTree tree(String name) throws Exception {
        Map<String, Object> dict = PickleData.firstDict(PickleData.parse(pkl(name)));
        assertNotNull(dict, name + " holds a dict");
        return DataTree.toTree(dict);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dict-protocol2.pkl", "dict-protocol4.pkl"})
    void readsTheDictAsData(String name) throws Exception {
        MetadataTree t = tree(name);
        assertEquals(300000L, t.get("electron_gun.voltage").value());
        assertEquals(0.115, t.get("projector.camera_length").asDouble(), 0);
        assertEquals("TEM", t.text("condenser.mode"));
        assertEquals(59000L, t.get("projector.magnification").value());
        assertEquals("2021-03-04T05:06:07.123456", t.text("camera.time"));
        assertEquals(Boolean.TRUE, t.get("flag").value());
        assertNull(t.get("nothing"), "None stays absent");
        assertEquals("1180591620717411303424", t.text("big"), "2**70 (LONG1) kept as decimal text");
        assertEquals(-5L, t.get("neg").value());
        assertEquals(1.5e-10, t.get("calib/0/value").asDouble(), 0);
        assertEquals("m", t.text("calib/0/unit"));
        assertNull(t.get("calib/1"), "the None element is absent");
        assertEquals(4L, t.get("shape/0").value());
        assertEquals(8L, t.get("shape/1").value());
        assertEquals("\u00b5m", t.text("uml\u00e4ut"), "non-ASCII keys and values (BINUNICODE is UTF-8)");
        // bytes: protocol 4 has BINBYTES (kept by length); protocol 2 has none and pickles bytes as a call to
        // _codecs.encode (GLOBAL + REDUCE), which is kept as the callable's name and never made
        String blob = t.text("blob");
        assertTrue(blob.equals("<3 bytes>") || blob.equals("<_codecs.encode object>"), blob);
    }

    @Test
    void aCallIsANameNeverMade() throws Exception {
        // GLOBAL os.system + REDUCE('touch /tmp/emmeta-pwned'): an unpickler would run it
        Object o = PickleData.parse(pkl("global-reduce.pkl"));
        PickleData.Opaque call = (PickleData.Opaque) o;
        assertEquals("os.system", call.callable());
        assertNull(PickleData.firstDict(o), "no dict in a bare call");
        assertFalse(Files.exists(Path.of("/tmp/emmeta-pwned")), "nothing ran");
        // beside data in a dict: the data is kept, the call is its name
        MetadataTree t = tree("dict-with-global.pkl");
        assertEquals(7L, t.get("data").value());
        assertEquals("<os.system object>", t.text("cmd"));
    }

    @Test
    void hostileStreamsGiveTypedErrorsQuickly() throws Exception {
        // INST (protocol 0 instance creation) is refused outright
        assertEquals(ErrorCode.CORRUPT, assertThrows(ExtractionException.class,
                () -> PickleData.parse(pkl("inst.pkl"))).code());
        // BINUNICODE8 declaring 2**62 bytes: refused before anything is allocated
        assertEquals(ErrorCode.TOO_LARGE, assertThrows(ExtractionException.class,
                () -> PickleData.parse(pkl("huge-length.pkl"))).code());
        // BINUNICODE declaring 1000 bytes, 3 present
        assertEquals(ErrorCode.TRUNCATED, assertThrows(ExtractionException.class,
                () -> PickleData.parse(pkl("truncated-string.pkl"))).code());
        // 10 000 nested lists: parsed (10 000 objects), but no dict within the walk's depth
        assertNull(PickleData.firstDict(PickleData.parse(pkl("deep-nesting.pkl"))));
        // a list containing itself through the memo: the tree conversion stops at the depth limit
        assertEquals(ErrorCode.TOO_LARGE, assertThrows(ExtractionException.class, () -> tree("memo-cycle.pkl"))
                .code());
        // 40 levels each holding the previous twice (2**40 leaves once expanded): stopped by the value count
        long t0 = System.nanoTime();
        assertEquals(ErrorCode.TOO_LARGE, assertThrows(ExtractionException.class, () -> tree("billion-laughs.pkl"))
                .code());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "bounded time");
    }

    @Test
    void streamsCutAnywhereGiveTypedErrors() throws Exception {
        byte[] whole = pkl("dict-protocol4.pkl");
        for (int cut = 0; cut < whole.length - 1; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            ExtractionException e = assertThrows(ExtractionException.class, () -> PickleData.parse(part),
                    "cut at " + cut);
            assertNotNull(e.code());
        }
        // too many marks open at once
        byte[] marks = new byte[200];
        java.util.Arrays.fill(marks, (byte) '(');
        assertEquals(ErrorCode.TOO_LARGE, assertThrows(ExtractionException.class, () -> PickleData.parse(marks))
                .code());
    }
}
