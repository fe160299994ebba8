package com.relance.suppression;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.test.Api;
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
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The suppression list: fed by unsubscribes and CSV imports, enforced at enrollment and at send time. */
@RelanceTest
class SuppressionTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    Suppressions suppressions;
    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void anUnsubscribeLinkPutsTheAddressOnTheListAndNoCampaignEnrollsItAgain() throws Exception {
        String email = Fixtures.uniqueEmail("leaving");
        String prospectId = Fixtures.createProspect(rest, "Leaving", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, campaignId);
        MimeMessage received = TestMailServer.messagesTo(email).get(0);

        // when the prospect clicks the one-click unsubscribe
        String header = received.getHeader("List-Unsubscribe")[0];
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        assertThat(rest.postForEntity(URI.create(header.substring(1, header.length() - 1)).getPath(),
                new HttpEntity<>("List-Unsubscribe=One-Click", headers), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        // then the address is suppressed, and is listed as such
        assertThat(suppressions.find(email.toUpperCase())).hasValueSatisfying(suppression -> {
            assertThat(suppression.kind()).isEqualTo(Suppression.Kind.EMAIL);
            assertThat(suppression.value()).isEqualTo(email.toLowerCase());
        });
        ResponseEntity<Map<String, Object>> listed = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/suppressions?size=500", HttpMethod.GET, null, Fixtures.JSON);
        assertThat((List<?>) listed.getBody().get("content")).anySatisfy(entry ->
                assertThat(((Map<?, ?>) entry).get("value")).isEqualTo(email.toLowerCase()));
    }

    @Test
    void theListGivesTheSameTotalOnAFullPageAsOnAShortOne() {
        importCsv("email\n" + Fixtures.uniqueEmail("listed-a") + "\n" + Fixtures.uniqueEmail("listed-b") + "\n");

        // a full page is counted; a short first page (2,000 is the largest page size) tells the total from what it holds
        Map<String, Object> full = suppressionPage(1);
        Map<String, Object> whole = suppressionPage(2_000);

        int total = ((List<?>) whole.get("content")).size();
        assertThat(total).isGreaterThanOrEqualTo(2).isLessThan(2_000);
        assertThat(((Map<?, ?>) whole.get("page")).get("totalElements")).isEqualTo(total);
        assertThat((List<?>) full.get("content")).hasSize(1);
        assertThat(((Map<?, ?>) full.get("page")).get("totalElements")).isEqualTo(total);
        assertThat(((Map<?, ?>) full.get("page")).get("totalPages")).isEqualTo(total);
    }

    private Map<String, Object> suppressionPage(int size) {
        return Api.as(rest, TestUsers.MARKETER).exchange("/api/suppressions?size=" + size, HttpMethod.GET, null,
                Fixtures.JSON).getBody();
    }

    @Test
    void aDomainImportedByCsvIsSkippedAtEnrollmentWithTheReasonAndBadRowsAreReported() {
        String domain = "suppressed-" + UUID.randomUUID().toString().substring(0, 8) + ".com";
        String csv = """
                Domain;Email;Reason
                @%s;;competitor
                not a domain;;typo
                ;someone-%s;
                ;ok-%s@%s;asked by phone
                """.formatted(domain, domain, domain, "elsewhere.org");

        ResponseEntity<Map<String, Object>> imported = importCsv(csv);

        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody()).containsEntry("added", 2).containsEntry("alreadySuppressed", 0);
        assertThat((List<Map<String, Object>>) imported.getBody().get("rejected")).extracting(row -> row.get("line"), row -> row.get("reason"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "domain: 'not a domain' is not a domain name such as example.com"),
                        org.assertj.core.groups.Tuple.tuple(4, "email: 'someone-" + domain + "' is not an email address"));

        // when a prospect of that domain is imported later and enrolled
        String prospectId = Fixtures.createProspect(rest, "Late", "late@" + domain.toUpperCase(), "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Map<String, Object> enrollment = Fixtures.enroll(rest, campaignId, List.of(prospectId));

        // then they are skipped, and the response says why
        assertThat(enrollment).containsEntry("enrolled", 0);
        assertThat((List<Map<String, Object>>) enrollment.get("skipped")).singleElement().satisfies(skip -> {
            assertThat(skip).containsEntry("prospectId", prospectId);
            assertThat(skip).containsEntry("reason", "suppressed: domain " + domain);
        });
        assertThat(importCsv(csv).getBody()).containsEntry("added", 0).containsEntry("alreadySuppressed", 2);
    }

    @Test
    void anAddressSuppressedBeforeTheProspectExistsIsNeverEmailedEvenWhenImportedAfresh() {
        String email = Fixtures.uniqueEmail("returning");
        assertThat(Api.as(rest, TestUsers.MARKETER).exchange("/api/suppressions", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "reason", "asked us by phone")), Fixtures.JSON).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        // a CSV import brings the address back as a new, active prospect
        ResponseEntity<Map<String, Object>> prospectsImported = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/prospects/import", HttpMethod.POST, csvEntity("email,first_name\n" + email + ",Back\n"), Fixtures.JSON);
        assertThat(prospectsImported.getBody()).containsEntry("imported", 1);
        String prospectId = (String) ((Map<?, ?>) ((List<?>) Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/prospects?q=" + email, HttpMethod.GET, null, Fixtures.JSON).getBody().get("content")).get(0)).get("id");

        Map<String, Object> enrollment = Fixtures.enroll(rest, Fixtures.createCampaign(rest, "firstTouch"), List.of(prospectId));

        assertThat(enrollment).containsEntry("enrolled", 0);
        assertThat((List<Map<String, Object>>) enrollment.get("skipped")).singleElement()
                .satisfies(skip -> assertThat(skip).containsEntry("reason", "suppressed: address " + email.toLowerCase()));
    }

    @Test
    void anEmailStepOfAProspectSuppressedAfterEnrollmentIsSkippedWithoutSending() {
        // a domain of its own: the other tests' prospects live at example.com
        String email = "late@late-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String prospectId = Fixtures.createProspect(rest, "Late", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        assertThat(Fixtures.enroll(rest, campaignId, List.of(prospectId))).containsEntry("enrolled", 1);
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();

        // the whole domain is suppressed before the first email goes
        String domain = email.substring(email.indexOf('@') + 1);
        assertThat(importCsv("domain\n" + domain + "\n").getStatusCode()).isEqualTo(HttpStatus.OK);
        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(TestMailServer.messagesTo(email)).isEmpty();
        Touch touch = mongo.findById(instance.getId() + ":introEmail:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SKIPPED);
        assertThat(touch.error()).isEqualTo("suppressed: domain " + domain);
    }

    private ResponseEntity<Map<String, Object>> importCsv(String csv) {
        return Api.as(rest, TestUsers.MARKETER).exchange("/api/suppressions/import", HttpMethod.POST, csvEntity(csv),
                Fixtures.JSON);
    }

    private static HttpEntity<String> csvEntity(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return new HttpEntity<>(csv, headers);
    }
}
