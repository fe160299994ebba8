package com.relance.channel.email;

import java.util.List;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The email step: locale variants, escaping, and failures that explain themselves in Cockpit. */
@RelanceTest
class EmailStepTests {

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
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void theProspectsLocalePicksTheTemplateFallingBackToTheLanguageThenTheDefault() throws Exception {
        String canadian = Fixtures.uniqueEmail("quebec");
        String german = Fixtures.uniqueEmail("berlin");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(
                Fixtures.createProspect(rest, "Gaëlle", canadian, "fr-CA"),
                Fixtures.createProspect(rest, "Jonas", german, "de")));

        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(TestMailServer.messagesTo(canadian).get(0).getSubject()).isEqualTo("Gaëlle, une idée pour Acme");
        assertThat(TestMailServer.messagesTo(german).get(0).getSubject()).isEqualTo("Jonas, an idea for Acme");
    }

    @Test
    void prospectValuesAreEscapedInTheHtml() throws Exception {
        String email = Fixtures.uniqueEmail("xss");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(Fixtures.createProspect(rest, "<script>alert(1)</script>", email, "en")));

        Engine.executeDueJobs(management, runtime, campaignId);

        MimeMessage message = TestMailServer.messagesTo(email).get(0);
        String body = GreenMailUtil.getBody(message);
        assertThat(body).contains("<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>").doesNotContain("<span><script>");
        assertThat(message.getSubject()).isEqualTo("<script>alert(1)</script>, an idea for Acme");
    }

    @Test
    void aTemplateMissingAtRunTimeBecomesAnIncidentNamingTheFilesLookedFor() {
        // a constant template name is checked at deployment; one computed by an expression only at run time
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("missing-template.bpmn",
                Bpmn.createExecutableProcess("missingTemplate").startEvent()
                        .serviceTask("introEmail").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                        .camundaInputParameter("template", "${'no-such-template'}")
                        .endEvent().done()).deploy();
        String email = Fixtures.uniqueEmail("missing");
        String prospectId = Fixtures.createProspect(rest, "Missing", email, "fr");
        String campaignId = Fixtures.createCampaign(rest, "missingTemplate");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Incident incident = failUntilIncident(campaignId, prospectId);

        assertThat(incident.getIncidentMessage())
                .contains("Template 'no-such-template' not found")
                .contains("no-such-template.fr.html, no-such-template.en.html, no-such-template.html");
        assertThat(TestMailServer.messagesTo(email)).isEmpty();
        Touch touch = mongo.findOne(Query.query(where("prospectId").is(prospectId)), Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.FAILED);
        assertThat(touch.error()).contains("no-such-template");
    }

    @Test
    void anInvalidRecipientBecomesAnIncidentNamingTheAddress() {
        String prospectId = Fixtures.createProspect(rest, "Broken", Fixtures.uniqueEmail("broken"), "fr");
        // e.g. edited by hand in the database after import
        mongo.updateFirst(Query.query(where("_id").is(prospectId)), new Update().set("email", "broken@@example"), "prospects");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Incident incident = failUntilIncident(campaignId, prospectId);

        assertThat(incident.getIncidentMessage()).contains("invalid email address 'broken@@example'");
    }

    private Incident failUntilIncident(String campaignId, String prospectId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        for (int attempt = 0; attempt < 10; attempt++) {
            Incident incident = runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
            if (incident != null) {
                return incident;
            }
            Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
            assertThat(Engine.tryExecute(management, job)).isNotNull();
        }
        throw new AssertionError("No incident after 10 attempts");
    }
}
