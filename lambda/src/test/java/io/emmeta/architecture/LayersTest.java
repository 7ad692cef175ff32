package io.emmeta.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The arrows of the chain, checked on the compiled classes. The modules already stop the core from seeing Quarkus or
 * the AWS SDK (they are not on its class path); these rules hold the layers inside the core, where one module cannot:
 * a reader knows its format and the container it reads, never the detector that chose it nor the schema it will be
 * mapped to, and the lower layers never reach back up.
 */
class LayersTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emmeta");
    }

    @Test
    void readersImportNeitherDetectionNorMapping() {
        noClasses().that().resideInAPackage("io.emmeta.core.read..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.detect..", "io.emmeta.core.map..")
                .because("a reader owns its format; detection loops over readers and mapping reads their trees")
                .check(classes);
    }

    @Test
    void theSharedFormatTypesDependOnNeitherSide() {
        noClasses().that().resideInAPackage("io.emmeta.core.format..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.detect..", "io.emmeta.core.read..",
                        "io.emmeta.core.map..")
                .because("readers and detection both speak core.format; it must reach neither")
                .check(classes);
    }

    @Test
    void containersKnowNoFormat() {
        noClasses().that().resideInAPackage("io.emmeta.core.container..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.read..", "io.emmeta.core.detect..",
                        "io.emmeta.core.map..", "io.emmeta.core.output..")
                .because("a container (TIFF, HDF5, SFS) is shared by many formats and decides none of them")
                .check(classes);
    }

    @Test
    void theModelAndTheSourceSitAtTheBottom() {
        noClasses().that().resideInAnyPackage("io.emmeta.core.model..", "io.emmeta.core.source..",
                "io.emmeta.core.problem..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.container..", "io.emmeta.core.read..",
                        "io.emmeta.core.detect..", "io.emmeta.core.map..", "io.emmeta.core.output..")
                .check(classes);
    }

    @Test
    void previewsKnowNoDetectionNorReader() {
        noClasses().that().resideInAPackage("io.emmeta.core.preview..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.detect..", "io.emmeta.core.read..",
                        "io.emmeta.core.map..", "io.emmeta.core.output..")
                .because("a preview is made from the plain ImageRef a reader hands on, by ranged reads of the source")
                .check(classes);
    }

    @Test
    void readersDoNotMakePreviews() {
        noClasses().that().resideInAnyPackage("io.emmeta.core.read..", "io.emmeta.core.container..")
                .should().dependOnClassesThat().resideInAPackage("io.emmeta.core.preview..")
                .because("readers stay readers: they say where the pixels are, the preview step fetches them")
                .check(classes);
    }

    @Test
    void mappingKnowsNoReader() {
        noClasses().that().resideInAPackage("io.emmeta.core.map..")
                .should().dependOnClassesThat().resideInAnyPackage("io.emmeta.core.read..", "io.emmeta.core.detect..",
                        "io.emmeta.core.container..")
                .because("mapping is data over the vendor tree; a reader's internals must not leak into it")
                .check(classes);
    }

    @Test
    void theCoreSeesNoFrameworkNoCloudAndNoAdapter() {
        noClasses().that().resideInAPackage("io.emmeta.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "software.amazon..",
                        "io.emmeta.s3..", "io.emmeta.adapter..")
                .check(classes);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("core", "s3", "cli", "lambda")) {
            Path src = Path.of(module, "src", "main", "java");
            try (Stream<Path> dirs = Files.walk(src)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    try (Stream<Path> files = Files.list(dir)) {
                        boolean hasCode = files.anyMatch(f -> f.toString().endsWith(".java"));
                        if (hasCode && !Files.isRegularFile(dir.resolve("package-info.java"))) {
                            missing.add(dir.toString());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "packages without a package-info.java");
    }

    @Test
    void theS3SideAndTheCliSeeNoFramework() {
        noClasses().that().resideInAnyPackage("io.emmeta.s3..", "io.emmeta.adapter.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.jboss..",
                        "io.emmeta.adapter.lambda..")
                .because("the CLI jar and the backfill run without Quarkus")
                .check(classes);
    }
}
