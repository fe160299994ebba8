package com.relance.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port with real servers: the embedded MongoDB server (H2 store in a
 * temporary data dir), Camunda on an H2 file, GreenMail for SMTP and IMAP (the sender mailbox
 * {@link TestMailServer#SENDER} is the watched inbox). The job executor is off: tests execute jobs and move
 * the engine clock themselves. All test classes share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "relance.embedded.mongo.port=0",
        "relance.templates.cache-ttl=0s",
        // steps run whenever a test executes them; WindowTests switch business time on
        "relance.windows.enabled=false",
        // all tests send as the same few senders; BusinessTimeTests checks the cap itself
        "relance.throttles.emails-per-day=1000000",
        "spring.mail.host=127.0.0.1",
        // tests read the sender mailbox themselves with InboxWatcher.pollOnce()
        "relance.inbox.scheduled-polling=false"
})
@ContextConfiguration(initializers = TestEnvironment.class)
// /actuator/prometheus as in production (Boot's tests leave metrics exporters out by default)
@AutoConfigureObservability(tracing = false)
@Import(SimulatedFailures.class)
public @interface RelanceTest {
}
