package com.relance;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.relance.campaign.Campaigns;
import com.relance.embedded.MailSink;
import com.relance.prospect.ProspectFilter;
import com.relance.prospect.Prospects;
import com.relance.test.Engine;
import com.relance.test.TestEnvironment;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product on its embedded defaults, stopped and started again on the same data dir: prospects,
 * campaigns, process instances and touches are all still there. Also covers the demo loader and the
 * built-in mail sink.
 */
class RestartTests {

    private final Path dataDir = TestEnvironment.newDataDir();

    @Test
    void everythingSurvivesAStopAndAStart() {
        Set<String> instanceIds;
        // given the demo on a fresh data dir: prospects imported, a campaign enrolled them
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(Prospects.class).count(ProspectFilter.all())).isEqualTo(10);
            assertThat(app.getBean(Campaigns.class).count()).isEqualTo(2);
            instanceIds = instanceIds(app);
            assertThat(instanceIds).as("10 first-touch and 6 three-week sequences").hasSize(16);
        }

        // when it starts again: nothing is loaded twice and the instances carry on
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(Prospects.class).count(ProspectFilter.all())).isEqualTo(10);
            assertThat(app.getBean(Campaigns.class).count()).isEqualTo(2);
            assertThat(instanceIds(app)).isEqualTo(instanceIds);

            Engine.executeDueJobs(app.getBean(ManagementService.class));
            List<MailSink.SinkMessage> sent = app.getBean(MailSink.class).messages();
            assertThat(sent).hasSize(10);
            assertThat(sent).extracting(MailSink.SinkMessage::subject).contains("Amélie, une idée pour Boulangeries Durand");
        }

        // then after another restart the touches are there and every sequence waits for its follow-up
        try (ConfigurableApplicationContext app = start()) {
            List<Touch> touches = app.getBean(MongoTemplate.class).findAll(Touch.class);
            assertThat(touches).filteredOn(touch -> touch.channel() == Channel.EMAIL).hasSize(10)
                    .allSatisfy(touch -> assertThat(touch.status()).isEqualTo(TouchStatus.SENT));
            assertThat(touches).filteredOn(touch -> touch.channel() == Channel.LINKEDIN).hasSize(6)
                    .allSatisfy(touch -> assertThat(touch.status()).isEqualTo(TouchStatus.PENDING));
            RuntimeService runtime = app.getBean(RuntimeService.class);
            assertThat(instanceIds(app)).isEqualTo(instanceIds);
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("firstTouch").list())
                    .hasSize(10).allSatisfy(instance ->
                            assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("waitTwoDays"));
            assertThat(app.getBean(org.camunda.bpm.engine.TaskService.class).createTaskQuery().taskAssignee("cole")
                    .taskDefinitionKey("visitProfile").count()).as("in cole's console").isEqualTo(3);
            assertThat(app.getBean(MailSink.class).messages()).as("the sink keeps mail in memory only").isEmpty();
            List<ProcessDefinition> versions = app.getBean(RepositoryService.class).createProcessDefinitionQuery()
                    .processDefinitionKey("firstTouch").list();
            assertThat(versions).as("an unchanged bpmn/ file is not deployed again").hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RelanceApplication.class).run(
                "--relance.data-dir=" + dataDir,
                "--relance.demo.enabled=true",
                "--relance.embedded.mongo.port=0",
                "--relance.embedded.mail-sink.smtp-port=0",
                "--relance.embedded.mail-sink.imap-port=0",
                "--server.port=0",
                // a name of its own, so the shared test context's engine stays registered
                "--camunda.bpm.process-engine-name=restartTest",
                "--camunda.bpm.job-execution.enabled=false",
                "--relance.windows.enabled=false");
    }

    private static Set<String> instanceIds(ConfigurableApplicationContext app) {
        return app.getBean(RuntimeService.class).createProcessInstanceQuery().list().stream()
                .map(ProcessInstance::getId).collect(Collectors.toSet());
    }
}
