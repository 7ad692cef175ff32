package io.emmeta.core.read.gatan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.MappingTable;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * Issue #17: DigitalMicrograph names the microscope in {@code Microscope Info/Name}, in {@code Session Info/Microscope},
 * or (the DM writers rosettasciio reads) in {@code Microscope Info/Microscope}; no corpus DM file has the last, so the
 * tree is built here the way the reader files a DM tag group (one section per group, the tag's text as its value).
 */
class DmMicroscopeNameTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMicroscopeTagNamesTheInstrumentWhenNothingElseDoes() throws Exception {
        Mapper mapper = Mapper.fromClasspath(JSON);
        MappingTable table = mapper.tableFor("gatan/dm3");
        MetadataTree t = new MetadataTree();
        t.section("Microscope Info").put("Microscope", Value.text("JEM-ARM200F"));
        t.section("Microscope Info").put("Voltage", Value.number(200000.0, null));
        var doc = mapper.map(table, t, t).document();
        assertEquals("JEM-ARM200F", doc.at("/instrument/instrumentName").asText(), doc.toString());

        // Name, where the file has it, stays first (the corpus files' own tag)
        t.section("Microscope Info").put("Name", Value.text("FEI Tecnai Remote"));
        doc = mapper.map(table, t, t).document();
        assertEquals("FEI Tecnai Remote", doc.at("/instrument/instrumentName").asText());
        assertFalse(doc.at("/instrument/instrumentName").isMissingNode());
    }
}
