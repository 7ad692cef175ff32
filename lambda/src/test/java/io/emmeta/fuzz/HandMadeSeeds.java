package io.emmeta.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.emmeta.core.container.tiff.TiffTags;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.TiffBuilder;

/**
 * Writes the small hand-made seeds of the per-format targets into the repository
 * ({@code src/test/resources/io/emmeta/fuzz/<Target>Inputs/<method>/}), so that {@code ./mvnw verify} replays them
 * without {@code ../shared/corpus}. Every byte is made here, from what the readers document about each format (no
 * corpus file is copied). Regenerate with {@code ./mvnw -B test -Dtest=HandMadeSeeds -Demmeta.handseeds.write=true};
 * it prints the format and status each seed gets from the chain.
 */
@EnabledIfSystemProperty(named = "emmeta.handseeds.write", matches = "true")
class HandMadeSeeds {

    static final Path RES = Path.of("lambda/src/test/resources/io/emmeta/fuzz");

    @Test
    void write() throws Exception {
        Path eds = dir("EdsFuzzTestInputs/eds");
        raw(eds, "mini.bcf", bcf(2048, ("<?xml version=\"1.0\"?><TRTSpectrumDatabase Type=\"TRTSpectrumDatabase\">"
                + "<ClassInstance Type=\"TRTSpectrumDatabase\" Name=\"db\"><Header><Date>1.1.2020</Date></Header>"
                + "<ClassInstance Type=\"TRTSEMData\" Name=\"sem\"><HV>20</HV><WD>10.5</WD><Mag>1000</Mag></ClassInstance>"
                + "<ClassInstance Type=\"TRTSEMStageData\" Name=\"st\"><X>1</X><Y>2</Y></ClassInstance>"
                + "</ClassInstance></TRTSpectrumDatabase>").getBytes(StandardCharsets.US_ASCII)));
        raw(eds, "mini.msa", ("#FORMAT      : EMSA/MAS Spectral Data File\r\n#VERSION     : 1.0\r\n#TITLE       : t\r\n"
                + "#DATE        : 01-JAN-2020\r\n#BEAMKV   -kV: 20.0\r\n#XUNITS      : eV\r\n#XPERCHAN    : 10.0\r\n"
                + "#NPOINTS     : 2\r\n#NCOLUMNS    : 1\r\n#SPECTRUM    : Spectral Data Starts Here\r\n1.0\r\n2.0\r\n"
                + "#ENDOFDATA   :\r\n").getBytes(StandardCharsets.US_ASCII));
        raw(eds, "mini.spc", spc());
        Path tem = dir("TemBinaryFuzzTestInputs/temBinary");
        raw(tem, "mini.mrc", mrc());
        raw(tem, "mini.ser", ser());
        raw(tem, "mini.emi", emi());
        StringBuilder noise = new StringBuilder();
        Random letters = new Random(7);
        for (int i = 0; i < 1600; i++) {
            noise.append((char) ('a' + letters.nextInt(26)));
        }
        raw(tem, "mini.elid", bzip2(("<?xml version=\"1.0\"?><FeiImage><pixelWidth unit=\"m\">1e-9</pixelWidth>"
                + "<time>2019-01-01T00:00:00</time><note>" + noise + "</note></FeiImage>").getBytes(StandardCharsets.US_ASCII)));
        Path jeol = dir("JeolFuzzTestInputs/jeol");
        raw(jeol, "mini.pts", jeolPts("64x64"));
        raw(jeol, "mini.img", jeolImage());
        raw(jeol, "mini.ASW", jeolProject());
        Path hdf = dir("NexusHdf5FuzzTestInputs/nexusHdf5");
        for (int i = 0; i < 3; i++) {
            Files.write(hdf.resolve("clean-" + i), Family.clean(i));
        }
        raw(hdf, "magic-only.h5", concat(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, new byte[64]));
        Path tiff = dir("VendorTiffFuzzTestInputs/vendorTiff");
        raw(tiff, "tescan.tif", TiffBuilder.classic().image(16, 16).bytes(TiffTags.TESCAN, concat(
                tescanBlock(2, "Device=VEGA3\r\nMagnification=1000\r\nPixelSizeX=1e-8\r\n"),
                tescanBlock(3, "HV=20000\r\nWD=0.01\r\n"), new byte[4])).build());
        raw(tiff, "tvips.tif", tvips());
        Path side = dir("SidecarFuzzTestInputs/sidecar");
        raw(side, "jeol.txt", ("$CM_FORMAT JEOL/SEM\r\n$CM_VERSION 1.0\r\n$CM_INSTRUMENT JSM-7001F\r\n$CM_MAG 5000\r\n"
                + "$CM_ACCEL_VOLT 15.0\r\n$SM_MICRON_BAR 50\r\n$SM_MICRON_MARKER 1um\r\n").getBytes(StandardCharsets.US_ASCII));
        raw(side, "hitachi.txt", ("[SemImageFile]\r\nInstructName=S-4800\r\nAcceleratingVoltage=15000 Volt\r\n"
                + "WorkingDistance=8100 um\r\nMagnification=5000\r\nPixelSize=24.8\r\n").getBytes(StandardCharsets.US_ASCII));
        raw(side, "tescan.hdr", ("[MAIN]\r\nDevice=MIRA3\r\nMagnification=2000\r\nPixelSizeX=5e-9\r\n[SEM]\r\nHV=5000\r\n"
                + "WD=0.005\r\n").getBytes(StandardCharsets.US_ASCII));
        raw(side, "info.txt", ("Server Software Version = 2.7.3\nCamera Model = DE-64\nSensor Module SN = 1\n"
                + "Frames Per Second = 40.0\nBinning X = 2\n").getBytes(StandardCharsets.US_ASCII));
        Random r = new Random(20261207);
        Path graph = dir("TiffGraphFuzzTestInputs/tiffGraph");
        Path text = dir("HostileTextFuzzTestInputs/hostileText");
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[256];
            r.nextBytes(b);
            Files.write(graph.resolve("random-" + i), b);
            byte[] t = new byte[48];
            r.nextBytes(t);
            Files.write(text.resolve("random-" + i), t);
        }
    }

    private static Path dir(String rel) throws Exception {
        return Files.createDirectories(RES.resolve(rel));
    }

    private static void raw(Path dir, String name, byte[] file) throws Exception {
        Files.write(dir.resolve(name), Family.raw(file));
        ExtractionRecord rec = ChainCheck.extract(file);
        System.out.println(dir.getFileName() + "/" + name + " " + file.length + " bytes: " + rec.source() + " "
                + rec.status() + " " + rec.errors());
    }

    /** One block of the TESCAN tag: u32 LE length, then the u16 LE id and the text. */
    static byte[] tescanBlock(int id, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + 2 + t.length).order(ByteOrder.LITTLE_ENDIAN).putInt(2 + t.length)
                .putShort((short) id).put(t).array();
    }

    /** A minimal SFS container holding EDSDatabase/HeaderData, uncompressed, with the given chunk size. */
    static byte[] bcf(int chunk, byte[] header) {
        int usable = chunk - 0x20;
        int dataChunks = (header.length + usable - 1) / usable;
        int first = 3;
        ByteBuffer b = ByteBuffer.allocate((first + dataChunks) * chunk + 0x138).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AAMVHFSS".getBytes(StandardCharsets.US_ASCII));
        b.putFloat(0x124, 2.6f).putInt(0x128, chunk).putInt(0x140, 1).putInt(0x144, 2);
        int table = chunk + 0x138;
        sfsItem(b, table, 0, 0, -1, true, "EDSDatabase");
        sfsItem(b, table + 0x200, 2, header.length, 0, false, "HeaderData");
        int pointers = 2 * chunk + 0x138;
        for (int i = 0; i < dataChunks; i++) {
            b.putInt(pointers + 4 * i, first + i);
            b.put((first + i) * chunk + 0x138, header, i * usable, Math.min(usable, header.length - i * usable));
        }
        return b.array();
    }

    private static void sfsItem(ByteBuffer b, int at, int pointerTable, long size, int parent, boolean dir, String name) {
        b.putInt(at, pointerTable).putLong(at + 4, size).putInt(at + 0x28, parent).put(at + 0xDC, (byte) (dir ? 1 : 0));
        b.put(at + 0xE0, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** An EDAX .spc: version 0.61, the 3840-byte header, 16 channels of int32 counts. */
    static byte[] spc() {
        int header = 3840;
        int points = 16;
        ByteBuffer b = ByteBuffer.allocate(header + 4 * points).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0, 0.61f).putInt(24, header + 4 * points).putInt(28, header).putShort(32, (short) points);
        for (int i = 0; i < points; i++) {
            b.putInt(header + 4 * i, i * 10);
        }
        return b.array();
    }

    /** MRC2014: 4x4x1 bytes (mode 0), 'MAP ' stamp, pixel spacing in cell/mx. */
    static byte[] mrc() {
        ByteBuffer b = ByteBuffer.allocate(1024 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 4).putInt(4, 4).putInt(8, 1).putInt(12, 0).putInt(28, 4).putInt(32, 4).putInt(36, 1);
        b.putFloat(40, 40f).putFloat(44, 40f).putFloat(48, 10f).putInt(64, 1).putInt(68, 2).putInt(72, 3);
        b.put(208, "MAP ".getBytes(StandardCharsets.US_ASCII)).put(212, (byte) 0x44).put(213, (byte) 0x44);
        b.putInt(220, 1).put(224, "made for the fuzz seeds".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** A TIA series: magic, version 0x0210, one 2-D element (4x4 int8), its offset arrays and one time tag. */
    static byte[] ser() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'I').put(1, (byte) 'I').putShort(2, (short) 0x0197).putShort(4, (short) 0x0210);
        b.putInt(6, 0x4122).putInt(10, 0x4152).putInt(14, 1).putInt(18, 1).putLong(22, 0).putLong(30, 1);
        // no dimension array entries; offset arrays at 100 (data) and 108 (tags)
        b.putLong(22, 100);
        b.putInt(38, 0);
        b.putLong(100, 120).putLong(108, 200);
        // 2-D element: calibration x/y (offset, delta, element), data type, size
        b.putDouble(120, 0).putDouble(128, 1e-9).putInt(136, 0).putDouble(140, 0).putDouble(148, 1e-9).putInt(156, 0);
        b.putShort(160, (short) 2).putInt(162, 4).putInt(166, 4);
        b.putShort(200, (short) 0x4152).putInt(202, 1_600_000_000);
        return b.array();
    }

    /** A TIA .emi: the 'JK' header, some binary, then the ObjectInfo XML. */
    static byte[] emi() {
        byte[] xml = ("<ObjectInfo><DatabaseVersion>1</DatabaseVersion><ExperimentalDescription><Root>"
                + "<Data><Label>High tension</Label><Value>200</Value><Unit>kV</Unit></Data>"
                + "<Data><Label>Magnification</Label><Value>50000</Value><Unit>x</Unit></Data>"
                + "</Root></ExperimentalDescription><AcquireDate>Mon Jan 01 00:00:00 2020</AcquireDate></ObjectInfo>")
                .getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {'J', 'K', 0, 2, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, xml, new byte[16]);
    }

    static byte[] bzip2(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray(); // ELID detection wants more than 1000 bytes: the caller's data does not compress

    }

    /** JEOL .pts: magic 304, PTTDFILE, the tree at 500+12 with PTTD Data/AnalyzableMap MeasData/Meas Cond/Pixels. */
    static byte[] jeolPts(String pixels) {
        ByteBuffer h = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 304).put(4, "PTTDFILE".getBytes(StandardCharsets.US_ASCII), 0, 8).putInt(20, 500)
                .putDouble(296, 45000.0);
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        String[] groups = {"PTTD Data", "AnalyzableMap MeasData", "Meas Cond"};
        for (String g : groups) {
            jeolEntry(tree, g, 0, new byte[0]);
        }
        jeolEntry(tree, "Pixels", 20, (pixels + "\0").getBytes(StandardCharsets.US_ASCII));
        jeolEntry(tree, "AccKV", 8, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(15.0).array());
        for (int i = 0; i <= groups.length + 1; i++) {
            tree.write(0xFF);
        }
        return concat(h.array(), tree.toByteArray(), new byte[16]);
    }

    /** JEOL .img: magic 52, 'JED-2300:IMG', the tree offset at 44, an Instrument group with AccV and Mag. */
    static byte[] jeolImage() {
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 52).put(4, "JED-2300:IMG".getBytes(StandardCharsets.US_ASCII)).putInt(44, 52);
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        jeolEntry(tree, "Instrument", 0, new byte[0]);
        jeolEntry(tree, "AccV", 8, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(15.0).array());
        jeolEntry(tree, "Mag", 3, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1000).array());
        tree.write(0xFF);
        tree.write(0xFF);
        tree.write(0xFF);
        return concat(h.array(), tree.toByteArray(), new byte[16]);
    }

    /** JEOL .ASW: magic 0, then the tree from byte 12 opening with 'FileType'. */
    static byte[] jeolProject() {
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        tree.writeBytes(new byte[12]);
        jeolEntry(tree, "FileType\0", 20, "JED-2200:ASW\0".getBytes(StandardCharsets.US_ASCII));
        jeolEntry(tree, "SampleInfo", 0, new byte[0]);
        jeolEntry(tree, "Memo", 20, "seed\0".getBytes(StandardCharsets.US_ASCII));
        tree.write(0xFF);
        tree.write(0xFF);
        byte[] out = tree.toByteArray();
        return concat(out, new byte[Math.max(0, 64 - out.length)]);
    }

    static void jeolEntry(ByteArrayOutputStream out, String name, int type, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + n.length + 8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(n.length).put(n).putInt(type).putInt(value.length).put(value);
        out.writeBytes(b.array());
    }

    /** A TVIPS TIFF: tag 37706 holds the offset of a version-1 TemData header (80-byte comment, int32 fields). */
    static byte[] tvips() {
        TiffBuilder t = TiffBuilder.classic().image(16, 16);
        ByteBuffer header = ByteBuffer.allocate(244 + 64).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, 1).put(4, "hand-made".getBytes(StandardCharsets.US_ASCII)).putInt(84, 200).putInt(88, 50000);
        // the header goes after the first IFD as an UNDEFINED payload; tag 37706 points at it
        byte[] probe = t.entry(new TiffBuilder.Entry(TiffTags.TVIPS, TiffBuilder.LONG, 1, new byte[4], -1))
                .entry(new TiffBuilder.Entry(65000, TiffBuilder.UNDEFINED, -1, header.array(), -1)).build();
        int at = indexOf(probe, "hand-made".getBytes(StandardCharsets.US_ASCII)) - 4;
        TiffBuilder u = TiffBuilder.classic().image(16, 16)
                .entry(new TiffBuilder.Entry(TiffTags.TVIPS, TiffBuilder.LONG, 1,
                        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(at).array(), -1))
                .entry(new TiffBuilder.Entry(65000, TiffBuilder.UNDEFINED, -1, header.array(), -1));
        return u.build();
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
