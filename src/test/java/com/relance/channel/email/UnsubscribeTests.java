package com.relance.channel.email;

import java.net.URI;
import java.util.List;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The unsubscribe link in every email works without a login and ends every sequence of the prospect. */
@RelanceTest
class UnsubscribeTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void oneClickUnsubscribeEndsTheProspectsSequencesInEveryCampaign() throws Exception {
        String email = Fixtures.uniqueEmail("leaving");
        String prospectId = Fixtures.createProspect(rest, "Leaving", email, "en");
        String first = Fixtures.createCampaign(rest, "firstTouch");
        String second = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, first, List.of(prospectId));
        Fixtures.enroll(rest, second, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, first);
        Engine.executeDueJobs(management, runtime, second);
        List<MimeMessage> received = TestMailServer.messagesTo(email);
        assertThat(received).hasSize(2);

        // when the mail client posts to the List-Unsubscribe URL (RFC 8058), anonymously
        URI link = unsubscribeLink(received.get(0));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<String> response = rest.postForEntity(link.getPath(),
                new HttpEntity<>("List-Unsubscribe=One-Click", headers), String.class);

        // then the prospect is unsubscribed and no sequence of theirs runs any more, with the reason recorded
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("unsubscribed");
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.UNSUBSCRIBED);
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("prospectId", prospectId).count()).isZero();
        List<HistoricProcessInstance> ended = history.createHistoricProcessInstanceQuery()
                .variableValueEquals("prospectId", prospectId).list();
        assertThat(ended).hasSize(2).allSatisfy(instance ->
                assertThat(instance.getDeleteReason()).contains("UNSUBSCRIBED").contains("unsubscribe link"));

        // and a later click (GET, from the email body) still answers kindly
        assertThat(rest.getForEntity(link.getPath(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aTamperedLinkIsRefused() throws Exception {
        String email = Fixtures.uniqueEmail("tamper");
        String prospectId = Fixtures.createProspect(rest, "Tamper", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, campaignId);
        String path = unsubscribeLink(TestMailServer.messagesTo(email).get(0)).getPath();
        String token = path.substring(path.lastIndexOf('/') + 1);
        String otherProspect = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("000000000000000000000000:" + campaignId).getBytes());
        String forged = otherProspect + token.substring(token.indexOf('.'));

        assertThat(rest.getForEntity("/unsubscribe/" + forged, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rest.getForEntity("/unsubscribe/garbage", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.ACTIVE);
    }

    private static URI unsubscribeLink(MimeMessage message) throws Exception {
        String header = message.getHeader("List-Unsubscribe")[0];
        return URI.create(header.substring(1, header.length() - 1));
    }
}
