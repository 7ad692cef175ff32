package io.emmeta.core.read.epu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.SidecarNames;
import io.emmeta.core.UploadContext;
import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Chain;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.InMemory;

/** EPU MicroscopeImage records from the corpus; each expected value is the one written in the file's own XML text. */
class EpuXmlReaderTest {

    static final String DATA = "public/smartem-decisions/FoilHole_9015883_Data_9017347_6_20250108_154915.xml";
    static final String GRID = "public/smartem-decisions/GridSquare_20250108_151151.xml";
    static final String HOLE = "public/smartem-decisions/FoilHole_9015889_20250108_154715.xml";

    static MetadataTree read(String file) throws Exception {
        Path p = Corpus.file(file);
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new EpuXmlReader().read(probe, new Detection(EpuXmlReader.FORMAT, "xml", List.of("test")))
                    .original();
        }
    }

    @Test
    void exposureRecordKeepsTheColumnStateAndTheKeyValueLists() throws Exception {
        MetadataTree t = read(DATA);
        // <AccelerationVoltage>300000</AccelerationVoltage>, <ExposureTime>0.89</ExposureTime>
        assertEquals(300000L, t.get("microscopeData/gun/AccelerationVoltage").value());
        assertEquals("V", t.get("microscopeData/gun/AccelerationVoltage").unit());
        assertEquals(0.89, (Double) t.get("microscopeData/acquisition/camera/ExposureTime").value(), 0);
        // <A>-0.00043148193122001131</A>: radians, as the stage writes it
        assertEquals(-0.00043148193122001131, t.get("microscopeData/stage/Position/A").asDouble(), 1e-20);
        assertEquals("rad", t.get("microscopeData/stage/Position/A").unit());
        // CustomData: <a:Key>DetectorCommercialName</a:Key><a:Value ...>BioQuantum K3</a:Value>
        assertEquals("BioQuantum K3", t.text("CustomData/DetectorCommercialName"));
        assertEquals(-2.7E-06, t.get("CustomData/AppliedDefocus").asDouble(), 1e-20);
        assertEquals("Full", t.text("microscopeData/acquisition/camera/CameraSpecificInput/FixedReadoutArea"));
        // a typed object inside a key/value list: <b:NumberOffractions>50</b:NumberOffractions>
        assertEquals(50L, t.get("microscopeData/acquisition/camera/CameraSpecificInput/FractionationSettings"
                + "/NumberOffractions").value());
        // SpatialScale pixelSize: numericValue 1.0558814239614023E-10 with the unit symbol m
        assertEquals(1.0558814239614023E-10, t.get("SpatialScale/pixelSize/x").asDouble(), 1e-25);
        assertEquals("m", t.get("SpatialScale/pixelSize/x").unit());
        // backing-field names decoded: <a:_x003C_Symbol_x003E_k__BackingField>m</...>
        assertEquals("m", t.text("ReferenceTransformation/unit/Symbol"));
        // i:nil="true" stays absent
        assertNull(t.get("microscopeData/optics/StemMagnification"));
        assertEquals("2025-01-08T15:49:18.1158288+00:00", t.text("microscopeData/acquisition/acquisitionDateTime"));
    }

    @Test
    void theDocumentCarriesTheFilesValuesInSchemaUnits() throws Exception {
        ExtractionRecord r = Chain.extract(Corpus.file(DATA));
        assertEquals("xml/thermofisher-epu", r.detected().format());
        var doc = r.mapped();
        assertEquals(300_000.0, doc.at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertEquals("V", doc.at("/instrument/source/accelerationVoltage/unit").asText());
        assertEquals(165000, doc.at("/instrument/setMagnification").asInt(), "<NominalMagnification>165000");
        assertEquals(1.0558814239614023E-10, doc.at("/instrument/detector/pixelSizeImage/xPixelSize/value").asDouble(),
                1e-25);
        assertEquals(0.89, doc.at("/instrument/detector/exposureTime/value").asDouble(), 0);
        // A = -0.00043148193122001131 rad, written in degrees
        assertEquals(Math.toDegrees(-0.00043148193122001131), doc.at("/instrument/stage/tiltAngleAlpha/value")
                .asDouble(), 1e-15);
        assertEquals("degree", doc.at("/instrument/stage/tiltAngleAlpha/unit").asText());
        assertEquals(-9.7152028000000058E-05, doc.at("/instrument/stage/specimenPosition/xValue").asDouble(), 1e-18);
        // 2025-01-08T15:49:18.1158288+00:00: seven decimals and an offset, written as UTC
        assertEquals("2025-01-08T15:49:18Z", doc.get("startTime").asText());
        assertEquals("nano probe mode", doc.at("/instrument/probeMode").asText());
        assertEquals("EPU", doc.at("/program/programName").asText());
        assertEquals("3.9.1.8206", doc.at("/program/programVersion").asText());
    }

    @Test
    void gridSquareAndFoilHoleImagesAreTheSameFormat() throws Exception {
        ExtractionRecord grid = Chain.extract(Corpus.file(GRID));
        assertEquals("xml/thermofisher-epu", grid.detected().format());
        assertEquals(470, grid.mapped().at("/instrument/setMagnification").asInt(), "<NominalMagnification>470");
        assertEquals("LM", grid.mapped().at("/instrument/objectiveLensMode").asText());
        assertEquals("micro probe mode", grid.mapped().at("/instrument/probeMode").asText());
        assertEquals("2025-01-08T15:11:49Z", grid.mapped().get("startTime").asText());
        ExtractionRecord hole = Chain.extract(Corpus.file(HOLE));
        assertEquals(11500, hole.mapped().at("/instrument/setMagnification").asInt());
        assertEquals(1.6359115173614214E-09, hole.mapped().at("/instrument/detector/pixelSizeImage/xPixelSize/value")
                .asDouble(), 1e-24);
    }

    @Test
    void otherXmlStillFallsBackToGenericXml(@TempDir Path dir) throws Exception {
        // the same root name in another namespace, and EPU's namespace on another root, are not EPU records
        Path other = dir.resolve("other.xml");
        Files.writeString(other, "<MicroscopeImage xmlns=\"urn:example\"><a>1</a></MicroscopeImage>");
        assertEquals("xml", Chain.extract(other).detected().format());
        Path root = dir.resolve("root.xml");
        Files.writeString(root, "<Settings xmlns=\"" + EpuXmlReader.NAMESPACE + "\"><a>1</a></Settings>");
        assertEquals("xml", Chain.extract(root).detected().format());
    }

    @Test
    void brokenRecordsGetTypedErrors(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(Corpus.file(DATA));
        Path cut = dir.resolve("cut.xml");
        Files.write(cut, Arrays.copyOf(real, real.length / 2));
        ExtractionRecord r = Chain.extractBroken(cut, "truncated EPU .xml");
        assertEquals("xml/thermofisher-epu", r.detected().format());
        assertEquals(Status.ERROR, r.status());
        assertEquals("MALFORMED_TEXT", r.errors().get(0).code().name());
        // a DOCTYPE (entity expansion) in an otherwise real record is refused, never parsed
        String text = new String(real, StandardCharsets.UTF_8);
        Path doctype = dir.resolve("doctype.xml");
        Files.writeString(doctype, text.replace("<name>Empty</name>",
                "<name>Empty</name><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"));
        ExtractionRecord d = Chain.extractBroken(doctype, "EPU .xml with a DOCTYPE");
        assertEquals(Status.ERROR, d.status());
        assertNotEquals("INTERNAL", d.errors().get(0).code().name());
        // garbage bytes in the middle: not well-formed
        byte[] corrupt = real.clone();
        for (int i = real.length / 3; i < real.length / 3 + 64; i++) {
            corrupt[i] = '<';
        }
        Path bad = dir.resolve("bad.xml");
        Files.write(bad, corrupt);
        assertEquals(Status.ERROR, Chain.extractBroken(bad, "corrupted EPU .xml").status());
    }

    @Test
    void completesAnMrcOfTheSameStemInEitherOrder() throws Exception {
        assertTrue(SidecarNames.isSidecarName("FoilHole_1_Data_2_3_20250108_154915.xml"));
        assertTrue(SidecarNames.sidecarsOf("a/FoilHole_1_Data_2_3_20250108_154915.mrc")
                .contains("a/FoilHole_1_Data_2_3_20250108_154915.xml"));
        assertTrue(SidecarNames.imagesOf("a/FoilHole_1.xml").containsAll(List.of("a/FoilHole_1.mrc", "a/FoilHole_1.tiff",
                "a/FoilHole_1.tif")));
        // an MRC image (its own table maps only a pixel size) with the record beside it: the record is mapped
        byte[] mrc = Files.readAllBytes(Corpus.file("rosettasciio/HAADFscan.mrc"));
        byte[] xml = Files.readAllBytes(Corpus.file(DATA));
        Extractor extractor = Extractor.standard(new ObjectMapper());
        Extractor.Result res = extractor.extract(InMemory.source(mrc), SourceInfo.file("x/e.mrc", mrc.length),
                UploadContext.NONE, InMemory.source(xml), SourceInfo.file("x/e.xml", xml.length));
        ExtractionRecord r = res.record();
        assertEquals("xml/thermofisher-epu", r.detected().format());
        assertEquals("x/e.xml", r.source().sidecar());
        assertEquals(300_000.0, r.mapped().at("/instrument/source/accelerationVoltage/value").asDouble(), 0);
        assertFalse(Extractor.isLoneSidecar(r));
        // alone, the record still gives a TEM document
        ExtractionRecord alone = Chain.extract(Corpus.file(DATA));
        assertTrue(alone.mapped() != null && alone.mapped().has("instrument"));
    }
}
