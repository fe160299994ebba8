package com.relance.channel.email;

import java.util.List;

import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** An email step's side effect happens once per step run, whatever the engine retries. */
@RelanceTest
class ExactlyOnceEmailTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        // a sequence whose email step "crashes" once after sending, before the engine commits
        BpmnModelInstance sequence = Bpmn.createExecutableProcess("crashAfterEmail")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("introEmail").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                .camundaInputParameter("template", "intro")
                .camundaExecutionListenerDelegateExpression("end", "${failOnceAfterStep}")
                .endEvent()
                .done();
        repository.createDeployment().addModelInstance("crash-after-email.bpmn", sequence)
                .enableDuplicateFiltering(true).deploy();
    }

    @Test
    void aStepRetriedAfterTheEmailLeftDoesNotSendItAgain() {
        String email = Fixtures.uniqueEmail("once");
        String prospectId = Fixtures.createProspect(rest, "Once", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "crashAfterEmail");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();

        // when the first attempt sends the email, then fails before committing
        RuntimeException crash = Engine.tryExecute(management, job);
        assertThat(crash).hasMessageContaining("Simulated crash");
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
        assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries())
                .as("the job rolled back to before the step, one retry used").isEqualTo(2);

        // and the engine retries the same job
        assertThat(Engine.tryExecute(management, management.createJobQuery().jobId(job.getId()).singleResult())).isNull();

        // then the step completed without a second email, and the touch says so
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
        Touch touch = mongo.findById(instance.getId() + ":introEmail:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(touch.attempts()).isEqualTo(2);
    }

    @Test
    void aStepRetriedAfterACrashMidSendReusesTheSameMessageId() throws Exception {
        String email = Fixtures.uniqueEmail("midsend");
        String prospectId = Fixtures.createProspect(rest, "Mid", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        // given an earlier attempt that died after handing the email to SMTP, before recording it as sent
        mongo.insert(new Document("_id", instance.getId() + ":introEmail:1")
                .append("prospectId", prospectId).append("campaignId", campaignId)
                .append("processInstanceId", instance.getId()).append("activityId", "introEmail")
                .append("channel", "EMAIL").append("template", "intro").append("status", "PENDING")
                .append("providerReference", "<earlier-attempt@relance.test>").append("attempts", 1), "touches");

        Engine.executeDueJobs(management, runtime, campaignId);

        // then the retry carries the first attempt's Message-ID, so mail systems see one message
        List<MimeMessage> received = TestMailServer.messagesTo(email);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getMessageID()).isEqualTo("<earlier-attempt@relance.test>");
        Touch touch = mongo.findById(instance.getId() + ":introEmail:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(touch.attempts()).isEqualTo(2);
    }

    @Test
    void theMessageIdIsStoredWhenTheTouchStartsAndTheSubjectWhenTheEmailLeaves() throws Exception {
        String email = Fixtures.uniqueEmail("stored");
        String prospectId = Fixtures.createProspect(rest, "Stored", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();

        Engine.executeDueJobs(management, runtime, campaignId);

        MimeMessage received = TestMailServer.messagesTo(email).get(0);
        Touch touch = mongo.findById(instance.getId() + ":introEmail:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(touch.providerReference()).isEqualTo(received.getMessageID());
        assertThat(touch.subject()).isEqualTo(received.getSubject()).isNotBlank();
        assertThat(touch.attempts()).isEqualTo(1);
    }

    @Test
    void aTouchBegunWithoutAMessageIdGetsOneStoredBeforeTheEmailLeaves() throws Exception {
        String email = Fixtures.uniqueEmail("legacy");
        String prospectId = Fixtures.createProspect(rest, "Legacy", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        // given a touch an earlier version began, which stored no Message-ID at the start
        mongo.insert(new Document("_id", instance.getId() + ":introEmail:1")
                .append("prospectId", prospectId).append("campaignId", campaignId)
                .append("processInstanceId", instance.getId()).append("activityId", "introEmail")
                .append("channel", "EMAIL").append("template", "intro").append("status", "PENDING")
                .append("attempts", 1), "touches");

        Engine.executeDueJobs(management, runtime, campaignId);

        List<MimeMessage> received = TestMailServer.messagesTo(email);
        assertThat(received).hasSize(1);
        Touch touch = mongo.findById(instance.getId() + ":introEmail:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(received.get(0).getMessageID()).startsWith("<").isEqualTo(touch.providerReference());
    }
}
