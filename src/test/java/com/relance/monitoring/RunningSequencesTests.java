package com.relance.monitoring;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

import com.relance.sequence.Sequences;
import com.relance.test.RelanceTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The funnel's "in progress": counted at a campaign's first request, then recounted in the background when old. */
@RelanceTest
class RunningSequencesTests {

    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;

    private final String campaignId = "running-" + UUID.randomUUID();

    @BeforeEach
    void aSequenceThatWaits() {
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("waits-for-a-call.bpmn",
                Bpmn.createExecutableProcess("waitsForACall").startEvent().userTask("call").endEvent().done()).deploy();
    }

    @Test
    void aNewSequenceIsCountedOnceTheOldCountHasBeenServedAndRecounted() {
        RunningSequences running = new RunningSequences(runtime, properties(Duration.ZERO));
        start();
        assertThat(running.of(campaignId)).isEqualTo(1);

        start();
        assertThat(running.of(campaignId)).as("the old count, while it is recounted").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.of(campaignId) == 2);
        running.destroy();
    }

    @Test
    void aCountYoungerThanTheRefreshPeriodIsServedAsItIs() {
        RunningSequences running = new RunningSequences(runtime, properties(Duration.ofHours(1)));
        start();
        assertThat(running.of(campaignId)).isEqualTo(1);

        start();
        assertThat(running.of(campaignId)).isEqualTo(1);
        assertThat(new RunningSequences(runtime, properties(Duration.ofHours(1))).of(campaignId)).isEqualTo(2);
        running.destroy();
    }

    private void start() {
        runtime.startProcessInstanceByKey("waitsForACall", Sequences.businessKey(campaignId, UUID.randomUUID().toString()));
    }

    private static MonitoringProperties properties(Duration refresh) {
        return new MonitoringProperties(ZoneId.of("Europe/Paris"), 400, 30, refresh, Duration.ofSeconds(1));
    }
}
