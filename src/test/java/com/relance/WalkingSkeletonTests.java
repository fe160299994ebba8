package com.relance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop over HTTP and real servers: a French CSV is imported, a campaign enrolls the
 * prospects, the intro email arrives, two days later (engine clock) the follow-up arrives.
 */
@RelanceTest
class WalkingSkeletonTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    @SuppressWarnings("unchecked")
    void importedProspectsGetTheIntroEmailThenTheFollowUpTwoDaysLater() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String amelie = "amelie." + run + "@example.fr";
        String jerome = "jerome." + run + "@example.fr";
        // given a CSV as a French spreadsheet exports it: BOM, semicolons, accents, national numbers, bad rows
        String csv = "\uFEFF"
                + "First_Name;LAST_NAME;Email;Phone;Company;Title;Timezone;Locale;Tags;Secteur\n"
                + "Amélie;Durand;" + amelie + ";06 12 34 56 78;\"Boulangeries Durand; Fils\";Directrice;;fr;demo|retail;Retail\n"
                + "Jérôme;Lefèvre;" + jerome + ";01 42 68 53 00;Lefèvre SA;CEO;;en;;Industrie\n"
                + "Bad;Email;not-an-email;;X;;;;;\n"
                + "Bad;Phone;badphone." + run + "@example.fr;12;X;;;;;\n"
                + "Zoé;Roux;ZOE." + run + "@EXAMPLE.FR;+33 6 98 76 54 32;Roux;;;fr;;\n"
                + "Zoé;Roux;zoe." + run + "@example.fr;;Roux & Co;;;;;\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<Map<String, Object>> imported = Api.as(rest, TestUsers.MARKETER).exchange("/api/prospects/import",
                HttpMethod.POST, new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), JSON);

        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody()).containsEntry("imported", 3).containsEntry("updated", 1);
        List<Map<String, Object>> rejected = (List<Map<String, Object>>) imported.getBody().get("rejected");
        assertThat(rejected).extracting(row -> row.get("line")).containsExactly(4, 5);
        assertThat((String) rejected.get(0).get("reason")).contains("email").contains("not-an-email");
        assertThat((String) rejected.get(1).get("reason")).contains("phone").contains("'12'");

        Map<String, Object> amelieProspect = findOne(run, "Amélie");
        assertThat(amelieProspect).containsEntry("phone", "+33612345678")
                .containsEntry("timeZone", "Europe/Paris")
                .containsEntry("company", "Boulangeries Durand; Fils")
                .containsEntry("status", "ACTIVE");
        assertThat((Map<String, Object>) amelieProspect.get("customFields")).containsEntry("Secteur", "Retail");
        assertThat((List<String>) amelieProspect.get("tags")).containsExactly("demo", "retail");
        Map<String, Object> zoe = findOne(run, "Zoé");
        assertThat(zoe).containsEntry("company", "Roux & Co").containsEntry("phone", "+33698765432");
        String amelieId = (String) amelieProspect.get("id");
        String jeromeId = (String) findOne(run, "Jérôme").get("id");

        // when marketing creates a campaign on the first-touch sequence and enrolls them
        ResponseEntity<Map<String, Object>> campaign = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns",
                HttpMethod.POST, new HttpEntity<>(Map.of("name", "Skeleton " + run, "sequence", "firstTouch",
                        "sender", Map.of("name", "Camille Martin", "email", "camille@relance.test",
                                "signature", "<p>Camille</p>"),
                        "callerGroup", "callers")), JSON);
        assertThat(campaign.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String campaignId = (String) campaign.getBody().get("id");
        ResponseEntity<Map<String, Object>> enrolled = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/campaigns/" + campaignId + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(Map.of("prospectIds", List.of(amelieId, jeromeId))), JSON);
        assertThat(enrolled.getBody()).containsEntry("enrolled", 2);

        Engine.executeDueJobs(management, runtime, campaignId);

        // then the intro arrives, in each prospect's language, with one-click unsubscribe headers
        List<MimeMessage> toAmelie = TestMailServer.messagesTo(amelie);
        assertThat(toAmelie).hasSize(1);
        MimeMessage intro = toAmelie.get(0);
        assertThat(intro.getSubject()).isEqualTo("Amélie, une idée pour Boulangeries Durand; Fils");
        assertThat(GreenMailUtil.getBody(intro)).contains("Bonjour <span>Am=C3=A9lie</span>");
        assertThat(intro.getHeader("List-Unsubscribe")[0]).startsWith("<http://localhost:8080/unsubscribe/");
        assertThat(intro.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(intro.getFrom()[0].toString()).contains("camille@relance.test");
        assertThat(TestMailServer.messagesTo(jerome)).singleElement()
                .satisfies(message -> assertThat(message.getSubject()).isEqualTo("Jérôme, an idea for Lefèvre SA"));

        // and the touch is recorded with the email's Message-ID
        Map<String, Object> touches = Api.as(rest, TestUsers.CALLER)
                .exchange("/api/prospects/" + amelieId + "/touches", HttpMethod.GET, null, JSON).getBody();
        List<Map<String, Object>> content = (List<Map<String, Object>>) touches.get("content");
        assertThat(content).singleElement().satisfies(touch -> assertThat(touch)
                .containsEntry("channel", "EMAIL")
                .containsEntry("status", "SENT")
                .containsEntry("activityId", "introEmail")
                .containsEntry("template", "intro")
                .containsEntry("campaignId", campaignId)
                .containsEntry("providerReference", intro.getMessageID()));

        // and the sequence waits two days
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + amelieId).singleResult();
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("waitTwoDays");
        assertThat(runtime.getVariables(instance.getId())).containsKeys("prospectId", "campaignId")
                .doesNotContainKeys("email", "firstName");
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(amelie)).hasSize(1);

        // when two days pass on the engine clock
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);

        // then the follow-up arrives and the sequence is finished
        assertThat(TestMailServer.messagesTo(amelie)).hasSize(2)
                .last().satisfies(message -> assertThat(message.getSubject()).startsWith("Re: Amélie"));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> findOne(String run, String firstName) {
        Map<String, Object> page = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/prospects?q=" + run + "&size=50", HttpMethod.GET, null, JSON).getBody();
        return ((List<Map<String, Object>>) page.get("content")).stream()
                .filter(prospect -> firstName.equals(prospect.get("firstName")))
                .findFirst().orElseThrow(() -> new AssertionError("No prospect " + firstName + " in " + page));
    }
}
