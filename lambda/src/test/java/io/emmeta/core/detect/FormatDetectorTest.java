package io.emmeta.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emmeta.core.container.Probe;
import io.emmeta.core.format.Detection;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.testing.Corpus;

/** Detection from content on real files, and content not names: a renamed copy is detected the same. */
class FormatDetectorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SEM-Mapping-Tool/1-as-cast_16_Sch_10k_InLens.tif | tiff/zeiss-smartsem",
            "SEM-Mapping-Tool/InLens_keyframe_00001_slice_00006_z=1.6659um.tif | tiff/zeiss-atlas-fibics",
            "tomo_mapper/SEM_Image-SliceImage-001.tif | tiff/thermofisher-xt",
            "rosettasciio/FEI-Helios-Ebeam-8bits.tif | tiff/thermofisher-xt",
            "public/odemis/tescan_example_sem1.tif | tiff/tescan",
            "rosettasciio/JEOL-SightX-TEM-mag-dummy.tif | tiff/jeol-sightx",
            "rosettasciio/olympus_SIS.tif | tiff/olympus-sis",
            "rosettasciio/test_loading_image_saved_with_DM.tif | tiff/gatan-digitalmicrograph",
            "rosettasciio/test_loading_image_saved_with_imageJ.tif | tiff/imagej",
            "rosettasciio/test_hamamatsu_streak_FOCUS.tif | tiff/hamamatsu",
            "public/Training_Program_2/sample-１_200倍(x200).tif | tiff/hitachi",
            "public/rosettasciio/TVIPS_bin4.tif | tiff/tvips",
            "rosettasciio/fei_example_tem_stack.emd | hdf5/velox-emd",
            "rosettasciio/Test SI 16x16 215 kx.emd | hdf5/velox-emd",
            "rosettasciio/example_image.emd | hdf5/berkeley-emd",
            "public/rosettasciio/test_00_master.h5 | hdf5/dectris-nexus",
            "not-microscopy/IV_CURVE.nxs | hdf5/nexus",
            "rosettasciio/EELS_SI.dm4 | gatan/dm4",
            "rosettasciio/test_STEM_image.dm3 | gatan/dm3",
            "rosettasciio/HAADFscan.mrc | mrc",
            "rosettasciio/Elid2Version4.elid | thermofisher/phenom-elid",
            "public/openNCEM/16_STOimage.emi | fei-tia/emi",
            "public/openNCEM/16_STOimage_1.ser | fei-tia/ser",
            "public/openNCEM/0.bcf | bruker/bcf",
            "public/rosettasciio/bruker_nano.spx | bruker/spx",
            "public/NexusLIMS/647_leo_edax_test.msa | emsa/msa",
            "tomo_mapper/image000.txt | text/jeol-sem",
            "public/Training_Program_2/sample-１_200倍(x200).txt | text/hitachi-sem",
            "tomo_mapper/tescan-minimal.hdr | text/tescan-hdr",
            "tomo_mapper/EMProject.emxml | thermofisher/autoslice-project",
            "rosettasciio/info.txt | text/directelectron-info",
            "public/rosettasciio/rawdata.ASW | jeol/analysis-station",
            "not-microscopy/MRIm1.dcm | dicom",
    })
    void detectsFromContent(String file, String expected) throws Exception {
        Path p = Corpus.file(file);
        Detection first = detect(p);
        assertEquals(expected, first.format().id(), () -> "evidence: " + first.evidence());
        Path renamed = Files.createTempFile("renamed", ".bin");
        try {
            Files.copy(p, renamed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Detection d = detect(renamed);
            assertEquals(expected, d.format().id(), "the name must not matter");
            assertFalse(d.evidence().isEmpty());
        } finally {
            Files.deleteIfExists(renamed);
        }
    }

    static Detection detect(Path p) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p); Probe probe = new Probe(src, p.toString())) {
            return new FormatDetector(io.emmeta.core.Readers.registry()).detect(probe);
        }
    }

    static Stream<Path> all() throws Exception {
        try (Stream<Path> s = Files.walk(Corpus.ROOT)) {
            return s.filter(Files::isRegularFile).toList().stream();
        }
    }

}
