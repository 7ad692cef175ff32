package io.emmeta.adapter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.testing.Corpus;
import io.emmeta.testing.Pictures;

/**
 * Issue #14's "done when", checked as a user sees it: the CLI run over (a linked mirror of) the whole corpus leaves
 * a {@code .preview.png} beside every file that holds an image or a spectrum; each one decodes, is at most 512 px, is
 * not blank, and carries a scale bar where the file states a pixel size.
 *
 * <p>Which files hold pixels is decided here from what each format is (the vendors' own descriptions), not from
 * what our readers found: a format missing from both lists below fails the test, so a new format needs a decision.
 */
class CorpusPreviewsTest {

    /** Formats whose files hold an image, an image stack, a spectrum image or a spectrum. */
    static final Set<String> PIXEL_FORMATS = Set.of(
            "tiff/zeiss-smartsem", "tiff/zeiss-atlas-fibics", "tiff/thermofisher-xt", "tiff/tescan",
            "tiff/generic", "tiff/jeol-sightx", "tiff/tvips", "tiff/olympus-sis", "tiff/hamamatsu",
            "tiff/gatan-digitalmicrograph", "tiff/imagej",
            "hdf5/velox-emd", "hdf5/berkeley-emd", "hdf5/delmic-odemis", "hdf5/nanomegas-topspin",
            "gatan/dm3", "gatan/dm4", "mrc", "fei-tia/emi", "thermofisher/phenom-elid",
            "bruker/bcf", "bruker/spx", "edax/spc", "emsa/msa",
            "binary/hamamatsu-img", "zip/nion-swift-ndata", "zip/ceos-panta-rhei", "nanomegas/blockfile",
            // an image's text sidecar: the record pairs it with its image (a lone sidecar has none, see below)
            "text/hitachi-sem", "text/jeol-sem", "text/quantumdetectors-merlin-hdr",
            // JEOL Analysis Station: images (.img), element maps (.map), spectrum images (.pts), spectra (.eds);
            // its project index (.asw) holds none, see below
            "jeol/analysis-station");

    /** Formats whose files describe data held elsewhere, or hold none: no preview is expected. */
    static final Set<String> METADATA_FORMATS = Set.of(
            "text", "dicom", // not read (not microscopy, or prose)
            "xml/empad", // the detector's XML beside its .raw frames (the .raw files are not in the corpus)
            "xml/thermofisher-epu", // EPU's per-acquisition XML beside its MRC/TIFF
            "text/serialem-mdoc", // SerialEM's description of a stack kept in another file
            "text/directelectron-info", // DE's info.txt beside its movie
            "thermofisher/autoslice-project", // Auto Slice & View's project file, an index of slices
            "text/protochips-csv", // a holder's log of temperatures, gases and currents
            "text/tescan-hdr", // TESCAN's header beside its TIFF
            "hdf5/nexus", "hdf5/dectris-nexus"); // see NEXUS_WITH_FRAMES

    /**
     * Files of a pixel format that do not hold pixels, each for a reason found in the file: a project index, a lone
     * sidecar whose image is absent, a cut upload.
     */
    static final Map<String, String> NO_PIXELS = Map.of(
            "public/rosettasciio/181019-BN.ASW", "JEOL Analysis Station project index (no pixels)",
            "public/rosettasciio/rawdata.ASW", "JEOL Analysis Station project index (no pixels)",
            "public/NexusLIMS/text_preview_jeol_ansi.txt", "a JEOL SEM sidecar whose image is not in the corpus",
            "tomo_mapper/image000.txt", "a JEOL SEM sidecar whose image is not in the corpus",
            "public/NexusLIMS/quad1image_001_no_beam_scan_or_system_meta.tif",
            "the IFD of a 16 MB image but only its first 940 KB: the strip offset points past the end");

    /**
     * Test files whose pixels are all one value, so a blank picture (bar aside) is the right one: tifffile reads
     * min = max (0 in the two scythe Zeiss and the two Helios navcam TIFFs, 513 in the SightX Ronchigram dummy),,
     * the three ELID archives hold all-zero 20 × 16 images (ElidPreviewTest decodes them independently), and the
     * Dectris data file's 16 frames are all zero (its bitshuffle-LZ4 chunks decoded with Python's lz4 and numpy by
     * preview/hdf5kinds/make_hdf5kinds_fixtures.py, and by jHDF).
     */
    static final Set<String> FLAT = Set.of("public/scythe/21_zeiss_sem.tif", "public/scythe/22_zeiss_sem_bad_mag.tif",
            "rosettasciio/FEI-Helios-navcam.tif", "rosettasciio/FEI-Helios-navcam-with-no-IRBeam-bad-floats.tif",
            "public/rosettasciio/JEOL-SightX-Ronchigram-dummy.tif", "public/rosettasciio/Elid2Version1.elid",
            "public/rosettasciio/Elid2Version2.elid", "rosettasciio/Elid2Version4.elid",
            "public/rosettasciio/test_00_data_000001.h5");

    /** NeXus files are generic; this one is a Dectris data file holding /entry/data/data, the frames themselves. */
    static final Set<String> NEXUS_WITH_FRAMES = Set.of("public/rosettasciio/test_00_data_000001.h5");

    @Test
    void everyImageOrSpectrumInTheCorpusGetsAPreviewBesideIt(@TempDir Path dir) throws Exception {
        Map<String, Path> mirror = mirror(dir);
        MainTest.Run run = MainTest.run("extract", dir.toString());
        assertEquals(0, run.code(), run.err());
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        int previews = 0;
        int withBar = 0;
        for (Map.Entry<String, Path> e : mirror.entrySet()) {
            String rel = e.getKey();
            Path file = e.getValue();
            Path recordFile = file.resolveSibling(file.getFileName() + ".extraction.json");
            if (!Files.exists(recordFile)) {
                continue; // a sidecar read with its image: the image's record covers both
            }
            JsonNode record = json.readTree(recordFile.toFile());
            String format = record.at("/detected/format").asText("");
            boolean pixelFormat = PIXEL_FORMATS.contains(format);
            if (!pixelFormat && !METADATA_FORMATS.contains(format)) {
                problems.add(rel + ": format '" + format + "' is in neither list; decide whether it holds pixels");
                continue;
            }
            boolean lonesidecar = format.startsWith("text/") && !record.at("/source/sidecar").isTextual();
            boolean expected = (pixelFormat && !lonesidecar && !NO_PIXELS.containsKey(rel))
                    || NEXUS_WITH_FRAMES.contains(rel);
            Path png = file.resolveSibling(file.getFileName() + ".preview.png");
            if (!expected) {
                continue;
            }
            if (!Files.exists(png)) {
                problems.add(rel + " (" + format + "): no preview; warnings " + record.path("warnings"));
                continue;
            }
            previews++;
            BufferedImage img = ImageIO.read(png.toFile());
            if (img == null) {
                problems.add(rel + ": the PNG does not decode");
                continue;
            }
            if (Math.max(img.getWidth(), img.getHeight()) > 512) {
                problems.add(rel + ": " + img.getWidth() + " × " + img.getHeight() + " px");
            }
            if (!FLAT.contains(rel) && Pictures.spread(img) <= 2) {
                problems.add(rel + ": blank preview");
            }
            JsonNode info = record.path("preview");
            if (info.path("width").asInt() != img.getWidth() || info.path("bytes").asLong() != Files.size(png)) {
                problems.add(rel + ": the record does not describe the PNG beside it: " + info);
            }
            Path docFile = file.resolveSibling(file.getFileName() + ".metadata.json");
            JsonNode doc = Files.exists(docFile) ? json.readTree(docFile.toFile()) : null;
            boolean plotted = "plotted".equals(info.path("source").asText());
            if (!plotted && statesPixelSize(doc, record)) {
                if (info.path("scaleBar").isTextual()) {
                    withBar++;
                } else {
                    problems.add(rel + ": the file states its pixel size but the preview has no scale bar");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(previews >= 90, "previews checked: " + previews);
        assertTrue(withBar >= 40, "previews with a scale bar: " + withBar);
    }

    /**
     * A pixel size stated as a length: the SEM schema's or TEM schema's image pixel size, or (no schema document) the
     * calibration the writer states, kept under derived/pixelSize. A diffraction pattern's reciprocal calibration is
     * not a length.
     */
    static boolean statesPixelSize(JsonNode doc, JsonNode record) {
        for (JsonNode q : new JsonNode[] {doc == null ? null : doc.at("/entry/instrument/imaging/pixelSize/xPixelSize"),
                doc == null ? null : doc.at("/instrument/detector/pixelSizeImage/xPixelSize"),
                record.at("/original/derived/pixelSize/x")}) {
            if (q != null && q.path("value").isNumber() && q.path("value").asDouble() > 0
                    && isLength(q.path("unit").asText(""))) {
                return true;
            }
        }
        return false;
    }

    static boolean isLength(String unit) {
        String u = unit.toLowerCase(Locale.ROOT).replace("/pixel", "").replace("/px", "").strip();
        return Set.of("m", "mm", "µm", "μm", "um", "nm", "pm", "å", "a").contains(u);
    }

    /**
     * The corpus mirrored into {@code dir} by hard links (the CLI writes beside each file, and the corpus is read
     * only); a copy where the file system refuses links. Keys: paths relative to the corpus root.
     */
    static Map<String, Path> mirror(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Path root = Corpus.ROOT.toAbsolutePath().normalize();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith("SOURCES.md") || p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Path target = dir.resolve(rel);
                Files.createDirectories(target.getParent());
                try {
                    Files.createLink(target, p);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(p, target);
                }
                out.put(rel, target);
            }
        }
        return out;
    }
}
