package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;

/** The table semantics on a small tree: units, fallbacks, indirection, converters, absent values. */
class MapperTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static MappingTable table(String json) throws Exception {
        return MappingTable.parse("test.json", JSON.readTree(json), new Converters());
    }

    static MetadataTree tree() {
        MetadataTree t = new MetadataTree();
        t.section("Beam").put("Beam", Value.text("EBeam"));
        t.section("EBeam").put("HV", new Value(15000L, null, null)).put("WD", Value.number(0.00402349, null));
        t.section("Stage").put("StageT", Value.number(0.336851, null));
        t.put("AP_WD", Value.number(4.967, "mm").withLabel("WD"));
        t.put("AP_PIXEL_SIZE", Value.number(24.65, "nm"));
        t.put("AP_DATE", Value.text("9 Dec 2019"));
        t.put("AP_TIME", Value.text("11:18:36"));
        t.put("DP_STAGE_INIT", Value.text("Yes"));
        t.put("DP_IMAGE_STORE", Value.text("1024 * 768"));
        t.put("BAD", Value.text("TESTER K X"));
        return t;
    }

    @Test
    void mapsUnitsFallbacksIndirectionAndConverters() throws Exception {
        MappingTable t = table("""
                {"schema": "SEM", "formats": ["x"],
                 "constants": {"entry.program.programName": "SmartSEM"},
                 "fields": [
                  {"to": "entry.instrument.eBeamSource.accelerationVoltage", "from": "${Beam/Beam}/HV", "unit": "V", "sourceUnit": "V"},
                  {"to": "entry.instrument.stage.stageTiltAngle", "from": "Stage/StageT", "unit": "degree", "sourceUnit": "rad"},
                  {"to": "entry.instrument.stage.eBeamWorkingDistance", "from": ["AP_WD_MISSING", "AP_WD"], "unit": "m"},
                  {"to": "entry.instrument.stage.coordinates.xValue", "from": "AP_PIXEL_SIZE", "unit": "m",
                   "unitTo": "entry.instrument.stage.coordinates.coordinatesUnit"},
                  {"to": "entry.endTime", "args": ["AP_DATE", "AP_TIME"], "convert": "zeissDateTime"},
                  {"to": "entry.instrument.stage.stageAlignmentDone", "from": "DP_STAGE_INIT", "convert": "boolean"},
                  {"to": "entry.instrument.imaging.numberOfPixels", "from": "DP_IMAGE_STORE", "convert": "storeResolution"},
                  {"to": "entry.instrument.chamberPressure", "from": "NOT_THERE", "unit": "Pa"},
                  {"to": "entry.instrument.imaging.dwellTime", "from": "BAD", "unit": "s"}
                 ]}""");
        Mapper.Result r = new Mapper(List.of(t), new Converters()).map(t, tree(), tree());
        JsonNode e = r.document().get("entry");
        assertEquals("SmartSEM", e.at("/program/programName").asText());
        assertEquals(15000, e.at("/instrument/eBeamSource/accelerationVoltage/value").asLong());
        assertTrue(e.at("/instrument/eBeamSource/accelerationVoltage/value").isIntegralNumber(), "integers stay integers");
        assertEquals("V", e.at("/instrument/eBeamSource/accelerationVoltage/unit").asText());
        assertEquals(19.3001, e.at("/instrument/stage/stageTiltAngle/value").asDouble(), 1e-3);
        assertEquals("degree", e.at("/instrument/stage/stageTiltAngle/unit").asText());
        assertEquals(0.004967, e.at("/instrument/stage/eBeamWorkingDistance/value").asDouble(), 1e-12);
        assertEquals(2.465e-8, e.at("/instrument/stage/coordinates/xValue").asDouble(), 1e-15);
        assertEquals("m", e.at("/instrument/stage/coordinates/coordinatesUnit").asText());
        assertEquals("2019-12-09T11:18:36", e.get("endTime").asText());
        assertTrue(e.at("/instrument/stage/stageAlignmentDone").asBoolean());
        assertEquals(1024, e.at("/instrument/imaging/numberOfPixels/xPixels").asInt());
        assertEquals(768, e.at("/instrument/imaging/numberOfPixels/yPixels").asInt());
        assertTrue(e.at("/instrument/chamberPressure").isMissingNode(), "absent stays absent, never 0");
        assertEquals(1, r.problems().size());
        assertEquals(ErrorCode.MAPPING, r.problems().get(0).code());
        assertTrue(r.problems().get(0).message().contains("TESTER K X"));
        assertFalse(r.notes().isEmpty(), "unknown zone is said");
    }

    @Test
    void indirectionToAMissingSectionYieldsNothing() throws Exception {
        MetadataTree t = new MetadataTree();
        t.section("Beam").put("Beam", Value.text("IBeam"));
        t.section("EBeam").put("HV", Value.number(5000, "V"));
        MappingTable table = table("""
                {"schema": "SEM", "formats": ["x"], "fields": [
                 {"to": "entry.instrument.eBeamSource.accelerationVoltage", "from": "${Beam/Beam}/HV", "unit": "V"}]}""");
        Mapper.Result r = new Mapper(List.of(table), new Converters()).map(table, t, t);
        assertTrue(r.document().isEmpty());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void badTablesFailAtLoadNotMidFile() {
        assertThrows(IllegalArgumentException.class, () -> table("""
                {"schema": "SEM", "formats": ["x"], "fields": [{"to": "a", "from": "b", "convert": "nope"}]}"""));
        assertThrows(IllegalArgumentException.class, () -> table("""
                {"schema": "SEM", "formats": ["x"], "fields": [{"to": "a", "from": "b", "unit": "furlong"}]}"""));
        assertThrows(IllegalArgumentException.class, () -> table("""
                {"schema": "XYZ", "formats": ["x"], "fields": []}"""));
    }

    @Test
    void shippedTablesLoadAndEachFormatFindsItsTable() throws Exception {
        Mapper m = Mapper.fromClasspath(JSON);
        List<String> names = Mapper.readLines(Mapper.INDEX);
        assertFalse(names.isEmpty());
        for (String name : names) {
            MappingTable t;
            try (java.io.InputStream in = Mapper.resource("emmeta/mapping/" + name)) {
                t = MappingTable.parse(name, JSON.readTree(in), new Converters());
            }
            for (String format : t.formats()) {
                assertEquals(t.fields(), m.tableFor(format).fields(), name + " maps " + format);
            }
        }
    }

    @Test
    void datesFromEveryVendorPattern() throws Exception {
        MappingContext ctx = new MappingContext(new MetadataTree(), new MetadataTree());
        assertEquals("2023-05-03T14:33:48", Converters.zeissDateTime(List.of(Value.text("3 May 2023"),
                Value.text("14:33:48")), ctx).asText());
        assertEquals("2020-08-18T13:40:03", Converters.feiDateTime(java.util.Arrays.asList(
                Value.text("18.08.2020 13:40:03"), null, null), ctx).asText());
        assertEquals("2020-08-18T13:40:03", Converters.feiDateTime(java.util.Arrays.asList(null,
                Value.text("08/18/2020"), Value.text("01:40:03 PM")), ctx).asText(), "12 h clock, PM");
        assertEquals("2017-04-20T09:52:36Z", Converters.isoDateTime(List.of(
                Value.text("2017-04-20T11:52:36.078+02:00")), ctx).asText(), "offset converted to UTC");
        assertEquals("2016-11-14T20:48:23Z", Converters.epochSecondsUtc(List.of(Value.text("1479156503")), ctx)
                .asText());
        assertEquals(null, Converters.epochSecondsUtc(List.of(Value.text("0")), ctx), "0 means no time");
        assertThrows(MappingException.class, () -> Converters.zeissDateTime(List.of(Value.text("32 Foo 2020"),
                Value.text("1:00:00")), ctx));
    }

    @Test
    void gatanAndAsctimeDatesNeverGuessTheOrderOrTheZone() throws Exception {
        MappingContext ctx = new MappingContext(new MetadataTree(), new MetadataTree());
        assertEquals("2021-09-16T12:06:16", Converters.gatanDateTime(List.of(Value.text("9/16/2021"),
                Value.text("12:06:16 PM")), ctx).asText(), "12-hour time: US order");
        assertEquals("2016-08-27T20:54:33", Converters.gatanDateTime(List.of(Value.text("27.08.2016"),
                Value.text("20:54:33")), ctx).asText(), "dotted: day first");
        assertEquals("2019-05-14T20:50:13", Converters.gatanDateTime(List.of(Value.text("14/05/2019"),
                Value.text("20:50:13")), ctx).asText(), "14 cannot be a month");
        assertEquals(null, Converters.gatanDateTime(List.of(Value.text("04/11/2020"), Value.text("14:41:01")), ctx),
                "April 11 or 4 November: left out");
        assertTrue(ctx.notes().stream().anyMatch(n -> n.contains("04/11/2020")), ctx.notes().toString());
        assertThrows(MappingException.class, () -> Converters.gatanDateTime(List.of(Value.text("2/30/2020"),
                Value.text("1:00:00 PM")), ctx));
        assertEquals("2012-03-22T15:01:02", Converters.asctimeLocal(List.of(Value.text("Thu Mar 22 15:01:02 2012")),
                ctx).asText());
        assertEquals("2012-03-02T15:01:02", Converters.asctimeLocal(List.of(Value.text("Fri Mar  2 15:01:02 2012")),
                ctx).asText(), "asctime pads the day with a space");
        assertThrows(MappingException.class, () -> Converters.asctimeLocal(List.of(
                Value.text("Mon Mar 22 15:01:02 2012")), ctx), "22 March 2012 was a Thursday");
    }

    @Test
    void aRowWithOneUnitPerDimensionWritesEachQuantityInItsUnitAndWarnsOtherwise() throws Exception {
        MappingTable t = table("""
                {"schema": "TEM", "formats": ["x"],
                 "fields": [
                  {"to": "instrument.detector.pixelCalibration", "from": "cal", "unit": ["m", "1/m", "eV"]},
                  {"to": "instrument.detector.pixelSizeImage.xPixelSize", "from": "x", "unit": "m"},
                  {"to": "instrument.detector.pixelSizeImage.yPixelSize", "from": "y", "unit": "m"}
                 ]}""");
        Mapper mapper = new Mapper(List.of(t), new Converters());
        MetadataTree a = new MetadataTree();
        a.put("cal", Value.number(2.5, "1/nm")).put("x", Value.number(1, "nm")).put("y", Value.number(2, "Å"));
        JsonNode d = mapper.map(t, a, a).document().at("/instrument/detector");
        assertEquals("1/m", d.at("/pixelCalibration/unit").asText());
        assertEquals(2.5e9, d.at("/pixelCalibration/value").asDouble(), 1);
        assertEquals(1e-9, d.at("/pixelSizeImage/xPixelSize/value").asDouble(), 1e-24);
        assertEquals(2e-10, d.at("/pixelSizeImage/yPixelSize/value").asDouble(), 1e-24);
        MetadataTree b = new MetadataTree();
        b.put("cal", Value.number(3, "s")).put("x", Value.number(0.5, "eV"));
        Mapper.Result r = mapper.map(t, b, b);
        assertTrue(r.document().isEmpty(), r.document().toString());
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertThrows(IllegalArgumentException.class, () -> table("""
                {"schema": "TEM", "formats": ["x"], "fields": [{"to": "a", "from": "b", "unit": ["m", "nm"]}]}"""),
                "two units of one dimension");
    }
}
