package io.emmeta.hostile;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.testing.Chain;

/**
 * HDF5 datasets under the filters instrument software uses ({@code filters.h5}, written by h5py with
 * {@code make-hdf5-filters.py} beside it): LZF, deflate, shuffle + deflate, Fletcher-32 and scale-offset. A compressed
 * dataset once killed a CLI run (jHDF's LZF codec missing from the jar); every filter must now end in a record that
 * keeps the file's attributes, never INTERNAL, and the run must go on.
 */
class Hdf5FiltersTest {

    @Test
    void everyCommonFilterEndsInARecordWithTheFilesAttributes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("filters.h5");
        try (InputStream in = Hdf5FiltersTest.class.getResourceAsStream("filters.h5")) {
            Files.copy(in, file);
        }
        ExtractionRecord r = Chain.extractBroken(file, "HDF5 with filters");
        String json = r.original() == null ? "" : r.original().toString();
        System.out.println("filters.h5 -> " + r.status().json() + " " + r.errors() + " " + r.warnings() + " " + json);
        assertNotEquals("error", r.status().json(), r.errors().toString());
        assertTrue(json.contains("filter test bench"), "the root's string attribute: " + json);
        assertTrue(json.contains("200"), "the root's number attribute: " + json);
        for (String name : new String[] {"lzf", "deflate", "shuffle_deflate", "fletcher32"}) {
            assertTrue(json.contains("\"" + name + "\""), name + " is in the tree: " + json);
        }
        // jHDF has no scale-offset codec: that dataset is named in a warning, and nothing else is lost
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("scaleoffset")), r.warnings().toString());
    }
}
