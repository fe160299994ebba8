package com.relance.system;

import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything needs a login; roles come from Camunda's identity service groups. */
@RelanceTest
class SecurityTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void anonymousCallsToTheApiAndTheEngineGet401() {
        for (String path : new String[] {"/api/prospects", "/api/campaigns", "/engine-rest/process-definition",
                "/engine-rest/deployment", "/actuator/info"}) {
            ResponseEntity<String> response = rest.getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Basic");
        }
        ResponseEntity<String> startProcess = rest.postForEntity("/engine-rest/process-definition/key/firstTouch/start",
                new HttpEntity<>(Map.of()), String.class);
        assertThat(startProcess.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void wrongPasswordsGet401() {
        ResponseEntity<String> response = rest.withBasicAuth("nobody", "wrong").getForEntity("/api/prospects", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void pagesAndCamundaWebappsRedirectToTheLoginForm() {
        for (String path : new String[] {"/camunda/app/cockpit/default/", "/camunda/app/tasklist/default/", "/"}) {
            ResponseEntity<String> response = rest.withRedirects(Redirects.DONT_FOLLOW).getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.FOUND);
            assertThat(response.getHeaders().getLocation().getPath()).as(path).isEqualTo("/login");
        }
    }

    @Test
    void healthIsPublic() {
        ResponseEntity<Map<String, Object>> health = rest.exchange("/actuator/health", HttpMethod.GET, null, Fixtures.JSON);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).containsEntry("status", "UP");
    }

    @Test
    void callersCannotDeploySequencesButMarketingCan() {
        assertThat(deploy(TestUsers.CALLER).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> deployed = deploy(TestUsers.MARKETER);
        assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void callersReadProspectsButCannotCreateOrImportThem() {
        assertThat(Api.as(rest, TestUsers.CALLER).getForEntity("/api/prospects", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> create = Api.as(rest, TestUsers.CALLER).postForEntity("/api/prospects",
                new HttpEntity<>(Map.of("email", Fixtures.uniqueEmail("nope"))), String.class);
        assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        HttpHeaders csv = new HttpHeaders();
        csv.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<String> importing = Api.as(rest, TestUsers.CALLER).exchange("/api/prospects/import",
                HttpMethod.POST, new HttpEntity<>("email\nx@example.com\n", csv), String.class);
        assertThat(importing.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> deploy(String user) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "security-test");
        form.add("enable-duplicate-filtering", "true");
        form.add("data", new FileSystemResource("bpmn/first-touch.bpmn"));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return Api.as(rest, user).postForEntity("/engine-rest/deployment/create", new HttpEntity<>(form, headers), String.class);
    }
}
