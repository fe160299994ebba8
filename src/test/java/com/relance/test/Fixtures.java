package com.relance.test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** Prospects and campaigns made through the public API, as a user would. */
public final class Fixtures {

    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private Fixtures() {
    }

    /** A unique address for one test, so tests sharing the mail server and database do not see each other. */
    public static String uniqueEmail(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    public static String createProspect(TestRestTemplate rest, Map<String, Object> prospect) {
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/prospects", HttpMethod.POST, new HttpEntity<>(prospect), JSON);
        assertThat(created.getStatusCode()).as("create prospect: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    public static String createProspect(TestRestTemplate rest, String firstName, String email, String locale) {
        return createProspect(rest, Map.of("firstName", firstName, "lastName", "Test", "email", email,
                "company", "Acme", "locale", locale));
    }

    public static String createCampaign(TestRestTemplate rest, String sequence) {
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns",
                HttpMethod.POST, new HttpEntity<>(Map.of("name", "Campaign " + UUID.randomUUID(), "sequence", sequence,
                        "sender", Map.of("name", "Camille Martin", "email", "camille@relance.test"))), JSON);
        assertThat(created.getStatusCode()).as("create campaign: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    /** A campaign whose calls go to {@code callerGroup}. */
    public static String createCampaign(TestRestTemplate rest, String sequence, String callerGroup) {
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns",
                HttpMethod.POST, new HttpEntity<>(Map.of("name", "Campaign " + UUID.randomUUID(), "sequence", sequence,
                        "callerGroup", callerGroup,
                        "sender", Map.of("name", "Camille Martin", "email", "camille@relance.test"))), JSON);
        assertThat(created.getStatusCode()).as("create campaign: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    public static Map<String, Object> enroll(TestRestTemplate rest, String campaignId, List<String> prospectIds) {
        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/campaigns/" + campaignId + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(Map.of("prospectIds", prospectIds)), JSON);
        assertThat(response.getStatusCode()).as("enroll: %s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    public static Campaign campaign(Campaigns campaigns, String id) {
        return campaigns.findById(id).orElseThrow();
    }
}
