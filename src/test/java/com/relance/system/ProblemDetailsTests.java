package com.relance.system;

import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 400 application/problem+json that names the field and says why. */
@RelanceTest
class ProblemDetailsTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void malformedJsonSaysWhere() {
        ResponseEntity<Map<String, Object>> response = post("/api/prospects", "{\"email\": \"a@example.com\",, }");
        assertProblem(response, "Malformed JSON at line 1, column");
    }

    @Test
    void aMissingEmailIsNamed() {
        ResponseEntity<Map<String, Object>> response = post("/api/prospects", "{\"firstName\": \"Ana\"}");
        assertProblem(response, "email: must not be blank");
        assertThat(errors(response)).containsExactly(Map.of("field", "email", "message", "must not be blank"));
    }

    @Test
    void invalidValuesAreNamedWithTheReason() {
        ResponseEntity<Map<String, Object>> response = post("/api/prospects", """
                {"email": "not an email", "phone": "12", "timeZone": "Mars/Olympus", "linkedinUrl": "https://example.com/in/x"}""");
        assertProblem(response, "email: 'not an email' is not a valid email address");
        assertThat(errors(response)).extracting(error -> error.get("field"))
                .containsExactly("email", "phone", "timeZone", "linkedinUrl");
    }

    @Test
    void aWronglyTypedFieldIsNamed() {
        ResponseEntity<Map<String, Object>> response = post("/api/prospects", "{\"email\": \"b@example.com\", \"tags\": {\"a\": 1}}");
        assertProblem(response, "Field 'tags'");
    }

    @Test
    void aKnownEmailIsAConflictNotADuplicate() {
        String email = Fixtures.uniqueEmail("twice");
        Fixtures.createProspect(rest, "Twice", email, "fr");
        ResponseEntity<Map<String, Object>> again = post("/api/prospects", "{\"email\": \"" + email.toUpperCase() + "\"}");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) again.getBody().get("detail")).contains("already exists");
    }

    @Test
    void aCampaignOnAnUnknownSequenceIsRefusedNamingIt() {
        ResponseEntity<Map<String, Object>> response = post("/api/campaigns", """
                {"name": "X", "sequence": "noSuchSequence", "sender": {"name": "A", "email": "a@relance.test"}}""");
        assertProblem(response, "no sequence with key 'noSuchSequence'");
    }

    @Test
    void aCampaignWithoutAValidSenderNamesTheNestedField() {
        ResponseEntity<Map<String, Object>> response = post("/api/campaigns", """
                {"name": "X", "sequence": "firstTouch", "sender": {"name": "A", "email": "nope"}}""");
        assertProblem(response, "sender.email");
    }

    @Test
    void anUnknownStatusFilterIsA400() {
        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/prospects?status=HAPPY", HttpMethod.GET, null, Fixtures.JSON);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat((String) response.getBody().get("detail")).contains("status");
    }

    private ResponseEntity<Map<String, Object>> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return Api.as(rest, TestUsers.MARKETER).exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Fixtures.JSON);
    }

    private static void assertProblem(ResponseEntity<Map<String, Object>> response, String detail) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat((String) response.getBody().get("detail")).contains(detail);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(ResponseEntity<Map<String, Object>> response) {
        return (List<Map<String, Object>>) response.getBody().get("errors");
    }
}
