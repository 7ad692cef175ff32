package io.emmeta.adapter.lambda;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.s3.EnvironmentSettings;
import io.emmeta.s3.EventDispatcher;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the framework-free chain into CDI once per container (tables and schemas load at start-up, not per event). */
@ApplicationScoped
public class ChainProducer {

    /**
     * The settings come through the same framework-free helper the CLI's backfill and the local runner use; here the
     * lookup is Quarkus's configuration (application.properties and the EMMETA_* environment). The typed
     * {@link EmmetaConfig} mapping is still injected so that a malformed value fails the start, as before.
     */
    @Produces
    @Singleton
    S3UploadProcessor processor(S3Client s3, EmmetaConfig validated, Config config) {
        return EnvironmentSettings.from(name -> config.getOptionalValue(name, String.class).orElse(null))
                .newProcessor(s3);
    }

    @Produces
    @Singleton
    EventDispatcher dispatcher(S3UploadProcessor processor) {
        return new EventDispatcher(processor, new ObjectMapper());
    }
}
