package com.relance.embedded;

import com.relance.RelanceApplication;
import com.relance.prospect.ProspectFilter;
import com.relance.prospect.Prospects;
import com.relance.test.TestEnvironment;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** With spring.data.mongodb.uri set, Relance uses that server and starts nothing embedded. */
class ExternalMongoTests {

    @Test
    void aConfiguredMongoUriReplacesTheEmbeddedServer() {
        // stands in for a real MongoDB: a separate server the application only knows by its URI
        MongoServer external = new MongoServer(new MemoryBackend());
        String uri = external.bindAndGetConnectionString() + "/relanceExternal";
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RelanceApplication.class).run(
                "--spring.data.mongodb.uri=" + uri,
                "--relance.data-dir=" + TestEnvironment.newDataDir(),
                "--relance.embedded.mail-sink.smtp-port=0",
                "--relance.embedded.mail-sink.imap-port=0",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=externalMongoTest",
                "--camunda.bpm.job-execution.enabled=false",
                "--relance.windows.enabled=false")) {

            assertThat(app.getBeanNamesForType(MongoServer.class)).isEmpty();
            assertThat(app.getBean(MongoTemplate.class).getDb().getName()).isEqualTo("relanceExternal");
            assertThat(app.getBean(Prospects.class).count(ProspectFilter.all())).isZero();
        } finally {
            external.shutdownNow();
        }
    }
}
