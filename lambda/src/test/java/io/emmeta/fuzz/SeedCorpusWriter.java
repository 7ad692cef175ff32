package io.emmeta.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.imaging.formats.tiff.TiffField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.emmeta.core.container.tiff.TiffContainer;
import io.emmeta.core.container.tiff.TiffPage;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;
import io.emmeta.testing.TiffBuilder;

/**
 * Writes the fuzz seed corpora under {@code target/test-classes/io/emmeta/fuzz/<Target>Inputs/<method>/} from the
 * shared corpus: metadata skeletons of real vendor TIFFs (every IFD entry and payload of the first pages, pixels
 * replaced by an empty strip) and the vendor blocks themselves. Not part of the normal run; regenerate with
 * {@code ./mvnw -B test -Dtest=SeedCorpusWriter -Demmeta.seeds.write=true}. Seeds above {@link #MAX_SEED} bytes are
 * skipped so the repository holds only small inputs.
 */
@EnabledIfSystemProperty(named = "emmeta.seeds.write", matches = "true")
class SeedCorpusWriter {

    static final int MAX_SEED = 42 * 1024;
    // written into the test class path (not the repository: the seeds are excerpts of the shared corpus files)
    static final Path RES = Path.of("lambda/target/test-classes/io/emmeta/fuzz");
    private static final Set<Integer> LAYOUT = Set.of(273, 279, 324, 325);

    /** One file per vendor kind the detector knows (relative to ../shared/corpus) and how many pages to keep. */
    static final Map<String, Integer> SKELETONS = new java.util.LinkedHashMap<>();
    static {
        SKELETONS.put("rosettasciio/test_tiff_Zeiss_SEM_1k.tif", 1);
        SKELETONS.put("rosettasciio/ZEISS_SEM_multipage.tif", 2);
        SKELETONS.put("rosettasciio/FEI-Helios-Ebeam-8bits.tif", 1);
        SKELETONS.put("public/odemis/tfs_example.tif", 1);
        SKELETONS.put("public/jehyunlee-image_processing/1-2k_031.tif", 1);
        SKELETONS.put("public/odemis/tescan_example_sem1.tif", 1);
        SKELETONS.put("rosettasciio/test_loading_image_saved_with_DM.tif", 1);
        SKELETONS.put("rosettasciio/test_loading_image_saved_with_imageJ.tif", 1);
        SKELETONS.put("rosettasciio/olympus_SIS.tif", 1);
        SKELETONS.put("public/rosettasciio/TVIPS_bin4.tif", 1);
        SKELETONS.put("rosettasciio/JEOL-SightX-TEM-mag-dummy.tif", 1);
        SKELETONS.put("rosettasciio/test_hamamatsu_streak_FOCUS.tif", 1);
        SKELETONS.put("public/DeMarcoLab-fibsem/test_image_2.tif", 1);
        SKELETONS.put("tomo_mapper/SEM_Image-SliceImage-001.tif", 1);
        SKELETONS.put("SEM-Mapping-Tool/InLens_keyframe_00001_slice_00006_z=1.6659um.tif", 1);
    }

    @Test
    void writeSeeds() throws Exception {
        List<String> report = new ArrayList<>();
        Path tiffSeeds = RES.resolve("TiffDetectFuzzTestInputs/containerAndDetection");
        Path extractSeeds = RES.resolve("ExtractorFuzzTestInputs/extract");
        Path czSeeds = RES.resolve("CzSemFuzzTestInputs/czSemPayload");
        Path iniSeeds = RES.resolve("IniTextFuzzTestInputs/iniText");
        Path xmlSeeds = RES.resolve("SafeXmlFuzzTestInputs/safeXml");
        for (Path d : List.of(tiffSeeds, extractSeeds, czSeeds, iniSeeds, xmlSeeds)) {
            Files.createDirectories(d);
        }
        for (Map.Entry<String, Integer> e : SKELETONS.entrySet()) {
            TiffContainer tiff;
            try (CachingByteSource src = CachingByteSource.ofFile(Corpus.file(e.getKey()))) {
                tiff = TiffContainer.read(src);
            }
            String name = Path.of(e.getKey()).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_")
                    .replaceAll("\\.tif$", "");
            write(report, tiffSeeds.resolve(name + ".tif"), skeleton(tiff, e.getValue(), false));
            if (p0HasReader(tiff)) {
                write(report, extractSeeds.resolve(name + ".tif"), skeleton(tiff, e.getValue(), false));
            }
            TiffPage p = tiff.first();
            if (p.has(34118)) {
                byte[] cz = unpadded(p.bytes(34118));
                write(report, czSeeds.resolve(name + ".34118"), cz);
                // the first ~4 KB cut at a line end: same grammar, a fast seed (the declared count then disagrees)
                int cut = new String(cz, 0, Math.min(cz.length, 4096), StandardCharsets.ISO_8859_1).lastIndexOf('\n');
                if (cut > 0) {
                    byte[] shortBlock = java.util.Arrays.copyOf(cz, cut + 2);
                    shortBlock[cut + 1] = 0;
                    write(report, czSeeds.resolve(name + ".head.34118"), shortBlock);
                }
                write(report, tiffSeeds.resolve(name + ".bigtiff.tif"), skeleton(tiff, 1, true));
            }
            if (p.has(34682)) {
                write(report, iniSeeds.resolve(name + ".34682"), p.bytes(34682));
            }
            if (p.has(34683)) {
                write(report, xmlSeeds.resolve(name + ".34683.xml"), p.bytes(34683));
            }
            if (p.has(51023)) {
                write(report, xmlSeeds.resolve(name + ".51023.xml"), p.bytes(51023));
            }
            if (p.has(34680)) {
                write(report, xmlSeeds.resolve(name + ".34680"), p.bytes(34680));
            }
        }
        // whole small files of the formats that are not TIFF, for the chain target
        for (String small : List.of("public/NexusLIMS/647_leo_edax_test.spc", "public/rosettasciio/rawdata.ASW",
                "tomo_mapper/tescan-minimal.hdr", "rosettasciio/info.txt", "tomo_mapper/EMProject.emxml",
                "tomo_mapper/image000.txt", "public/NexusLIMS/text_preview_jeol_ansi.txt",
                "public/rosettasciio/64x64_TEM_images_acquire_1.ser", "rosettasciio/example_image.emd",
                "public/rosettasciio/test_00_data_000001.h5")) {
            String name = Path.of(small).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            write(report, extractSeeds.resolve("whole-" + name), Files.readAllBytes(Corpus.file(small)));
        }
        // small hand-made inputs: the odd corners real files do not show
        write(report, iniSeeds.resolve("odd.ini"), ("\uFEFF[User]\r\nDate=12/23/2015\rTime=9:40 AM\nUser=\n"
                + "DarkField\n[Beam]\nHV=2.0e+004\nBeam=EBeam\n[EBeam]\nHV=20000\\\n; not a comment=1\n[Beam]\nHV=1\n")
                .getBytes(StandardCharsets.UTF_8));
        write(report, iniSeeds.resolve("latin1.ini"), "[Stage]\nX=1e-3\nUnit=\u00b5m\n".getBytes(StandardCharsets.ISO_8859_1));
        write(report, iniSeeds.resolve("utf16.ini"), "[Stage]\r\nX=1e-3\r\n".getBytes(StandardCharsets.UTF_16LE));
        write(report, xmlSeeds.resolve("metadata.xml"), ("<?xml version=\"1.0\"?><Metadata xmlns:nil=\"x\">"
                + "<Acquisition><AcceleratingVoltage unit=\"V\">2000</AcceleratingVoltage><B nil:nil=\"true\"/></Acquisition>"
                + "<A>1</A><A>2</A><C x=\"1\">t</C></Metadata>").getBytes(StandardCharsets.UTF_8));
        write(report, xmlSeeds.resolve("phenom.xml"), ("<FeiImage><pixelWidth unit=\"m\">1e-9</pixelWidth>"
                + "<![CDATA[raw]]><time>2019-01-01T00:00:00</time></FeiImage>").getBytes(StandardCharsets.UTF_8));
        write(report, xmlSeeds.resolve("doctype.xml"), ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>")
                .getBytes(StandardCharsets.UTF_8));
        write(report, xmlSeeds.resolve("utf16.xml"), "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?><a><b>1</b></a>"
                .getBytes(StandardCharsets.UTF_16LE));
        write(report, xmlSeeds.resolve("memento.xml"), ("<MementoItemCollection><MementoItem><Key>k</Key>"
                + "<Value>1</Value></MementoItem></MementoItemCollection>").getBytes(StandardCharsets.UTF_8));
        familySeeds(report);
        Path velox = RES.resolve("VeloxHdf5FuzzTestInputs/veloxPatched");
        Files.createDirectories(velox);
        write(report, velox.resolve("clean-0"), new byte[] {0});
        write(report, velox.resolve("clean-1"), new byte[] {0, 0, 0, 1});
        java.util.Random r = new java.util.Random(20240611);
        for (int i = 0; i < 6; i++) {
            byte[] recipe = new byte[64];
            r.nextBytes(recipe);
            write(report, velox.resolve("random-" + i), recipe);
        }
        report.forEach(System.out::println);
    }

    /**
     * The per-format targets ({@link Family}): each base as a raw input (whole, or its first {@link #MAX_SEED} bytes;
     * a TIFF as its metadata skeleton) and as the recipe that reproduces it unchanged.
     */
    private static void familySeeds(List<String> report) throws Exception {
        Map<String, Family> families = new java.util.LinkedHashMap<>();
        families.put("EdsFuzzTestInputs/eds", EdsFuzzTest.FAMILY);
        families.put("TemBinaryFuzzTestInputs/temBinary", TemBinaryFuzzTest.FAMILY);
        families.put("JeolFuzzTestInputs/jeol", JeolFuzzTest.FAMILY);
        families.put("NexusHdf5FuzzTestInputs/nexusHdf5", NexusHdf5FuzzTest.FAMILY);
        families.put("VendorTiffFuzzTestInputs/vendorTiff", VendorTiffFuzzTest.FAMILY);
        families.put("SidecarFuzzTestInputs/sidecar", SidecarFuzzTest.FAMILY);
        for (Map.Entry<String, Family> f : families.entrySet()) {
            Path d = Files.createDirectories(RES.resolve(f.getKey()));
            List<String> bases = f.getValue().bases();
            for (int i = 0; i < bases.size(); i++) {
                String name = "corpus-" + Path.of(bases.get(i)).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
                byte[] bytes = Files.readAllBytes(Corpus.file(bases.get(i)));
                byte[] raw;
                if (bases.get(i).endsWith(".tif")) {
                    try (CachingByteSource src = CachingByteSource.ofFile(Corpus.file(bases.get(i)))) {
                        raw = skeleton(TiffContainer.read(src), 1, false);
                    }
                } else {
                    raw = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, MAX_SEED - 1));
                }
                write(report, d.resolve(name), Family.raw(raw));
                write(report, d.resolve(name + ".recipe"), Family.clean(i));
            }
        }
    }

    private static void write(List<String> report, Path p, byte[] b) throws IOException {
        if (b.length > MAX_SEED) {
            report.add("SKIPPED " + p + " (" + b.length + " bytes)");
            return;
        }
        Files.write(p, b);
        report.add(p + " " + b.length);
    }

    /** Whole-chain seeds only for the kinds a reader serves (detection alone is fuzzed by TiffDetectFuzzTest). */
    private static boolean p0HasReader(TiffContainer tiff) {
        return tiff.has(34118) || tiff.has(34680) || tiff.has(34682) || tiff.has(34683) || tiff.has(51023);
    }

    /** Cut after the first NUL when only NULs follow it (vendors pad text blocks to a fixed size). */
    static byte[] unpadded(byte[] b) {
        int nul = 0;
        while (nul < b.length && b[nul] != 0) {
            nul++;
        }
        for (int i = nul; i < b.length; i++) {
            if (b[i] != 0) {
                return b;
            }
        }
        return nul + 1 >= b.length ? b : java.util.Arrays.copyOf(b, nul + 1);
    }

    /** The first {@code pages} IFDs with every entry and payload, the pixel layout replaced by an empty strip. */
    static byte[] skeleton(TiffContainer tiff, int pages, boolean big) {
        TiffBuilder b = big ? TiffBuilder.bigTiff() : TiffBuilder.classic();
        if (tiff.bigEndian()) {
            b = b.bigEndian();
        }
        List<TiffPage> ps = tiff.pages();
        for (int i = 0; i < Math.min(pages, ps.size()); i++) {
            if (i > 0) {
                b.nextPage();
            }
            for (TiffField f : ps.get(i).fields().values()) {
                if (LAYOUT.contains(f.getTag())) {
                    continue;
                }
                byte[] v = f.getByteArrayValue();
                byte[] u = unpadded(v);
                b.entry(new TiffBuilder.Entry(f.getTag(), f.getFieldType().getType(), u == v ? f.getCount() : -1, u,
                        -1));
            }
            b.entry(new TiffBuilder.Entry(273, TiffBuilder.LONG, 1, new byte[4], -1));
            b.entry(new TiffBuilder.Entry(279, TiffBuilder.LONG, 1, new byte[4], -1));
        }
        return b.build();
    }
}
