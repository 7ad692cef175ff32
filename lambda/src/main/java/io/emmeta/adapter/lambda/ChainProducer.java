package io.emmeta.adapter.lambda;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.s3.ColdStart;
import io.emmeta.s3.EnvironmentSettings;
import io.emmeta.s3.EventDispatcher;
import io.emmeta.s3.S3UploadProcessor;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the framework-free chain into CDI once per container (tables and schemas load once, not per event). */
@ApplicationScoped
public class ChainProducer {

    private static final Logger LOG = Logger.getLogger(ChainProducer.class);

    /**
     * The framework has started (the end of the cold start's "runtime" part): the chain is wired and warmed on a
     * thread of its own while the runtime asks for the first event (issue #15). The S3 client, the chain and the JSON
     * serialisers are then ready, or on their way, when the event arrives; its thread waits for whatever is still being
     * built (a CDI singleton is built once). A failure here is only logged: the first event meets it again.
     */
    void started(@Observes StartupEvent event, Instance<EventDispatcher> dispatcher) {
        ColdStart.end(ColdStart.Span.RUNTIME);
        Thread warmUp = new Thread(() -> {
            ColdStart.begin(ColdStart.Span.WARM_UP);
            try {
                dispatcher.get().warmUp();
            } catch (RuntimeException e) {
                LOG.debugf(e, "warm-up failed (the first event will build the chain itself)");
            }
            ColdStart.end(ColdStart.Span.WARM_UP);
        }, "emmeta-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * The settings come through the same framework-free helper the CLI's backfill and the local runner use; here the
     * lookup is Quarkus's configuration (application.properties and the EMMETA_* environment). The typed
     * {@link EmmetaConfig} mapping is still injected so that a malformed value fails the start, as before.
     */
    @Produces
    @Singleton
    S3UploadProcessor processor(Instance<S3Client> clients, EmmetaConfig validated, Config config) {
        // The client is resolved here rather than injected, so that its construction is timed on its own (a client
        // proxy would otherwise build it inside the first GET).
        ColdStart.begin(ColdStart.Span.S3CLIENT);
        S3Client s3 = clients.get();
        s3.serviceName();
        ColdStart.end(ColdStart.Span.S3CLIENT);
        ColdStart.begin(ColdStart.Span.TABLES);
        S3UploadProcessor processor = EnvironmentSettings
                .from(name -> config.getOptionalValue(name, String.class).orElse(null)).newProcessor(s3);
        ColdStart.end(ColdStart.Span.TABLES);
        return processor;
    }

    @Produces
    @Singleton
    EventDispatcher dispatcher(S3UploadProcessor processor) {
        return new EventDispatcher(processor, new ObjectMapper());
    }
}
