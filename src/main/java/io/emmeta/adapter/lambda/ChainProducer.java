package io.emmeta.adapter.lambda;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.output.OutputNames;
import java.util.Set;

import io.emmeta.s3.EventDispatcher;
import io.emmeta.s3.ProcessorSettings;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the framework-free chain into CDI once per container (tables and schemas load at start-up, not per event). */
@ApplicationScoped
public class ChainProducer {

    @Produces
    @Singleton
    S3UploadProcessor processor(S3Client s3, EmmetaConfig config) {
        // Our own mapper: the documents' shape must not depend on Quarkus's Jackson customisations.
        Extractor extractor = Extractor.standard(new ObjectMapper(), config.readers().disabled().orElse(Set.of()));
        OutputNames names = new OutputNames(config.output().metadataSuffix(), config.output().extractionSuffix());
        ProcessorSettings settings = new ProcessorSettings(names, config.output().bucket().orElse(null),
                config.output().prefix().orElse(""), config.output().writeMetadata(),
                config.output().writeExtraction(), config.extractTimeoutMillis(), config.limits().maxObjectSize(),
                config.context().prefixDefaults(), config.context().prefixDefaultsTtlMillis());
        return new S3UploadProcessor(s3, extractor, settings);
    }

    @Produces
    @Singleton
    EventDispatcher dispatcher(S3UploadProcessor processor) {
        return new EventDispatcher(processor, new ObjectMapper());
    }
}
