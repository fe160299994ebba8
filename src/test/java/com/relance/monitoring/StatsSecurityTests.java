package com.relance.monitoring;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.relance.test.Api;
import com.relance.test.CallSequences;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Channel;
import com.relance.touch.TouchStart;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** Monitoring is for managers: callers and marketers get 403; the metrics scrape needs a manager's login. */
@RelanceTest
class StatsSecurityTests {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    Touches touches;

    private String campaignId;

    @BeforeEach
    void campaign() {
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
        campaignId = Fixtures.createCampaign(rest, CallSequences.KEY);
    }

    @Test
    void callersAndMarketersGet403OnTheStatsApi() {
        for (String user : List.of(TestUsers.CALLER, TestUsers.MARKETER)) {
            for (String path : List.of("/api/campaigns/" + campaignId + "/stats", "/api/stats/callers",
                    "/api/stats/steps?campaign=" + campaignId, "/api/stats/campaigns", "/api/stats/variants?campaign=" + campaignId,
                    "/api/stats/activities?processDefinitionId=x")) {
                assertThat(Api.as(rest, user).getForEntity(path, String.class).getStatusCode()).as("%s %s", user, path)
                        .isEqualTo(HttpStatus.FORBIDDEN);
            }
            assertThat(Api.as(rest, user).postForEntity("/api/stats/rebuild", null, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(rest.getForEntity("/api/campaigns/" + campaignId + "/stats", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aCallerLoggedInGets403OnTheDashboardAndAManagerGetsIt() throws Exception {
        Browser caller = Browser.loggedIn(port, TestUsers.CALLER);
        assertThat(caller.get("/dashboard").statusCode()).isEqualTo(403);
        assertThat(caller.get("/dashboard/campaigns/" + campaignId).statusCode()).isEqualTo(403);
        assertThat(caller.get("/dashboard/data/campaigns/" + campaignId + "/stats").statusCode()).isEqualTo(403);

        Browser manager = Browser.loggedIn(port, TestUsers.MANAGER);
        assertThat(manager.get("/dashboard").statusCode()).isEqualTo(200);
        HttpResponse<String> csv = manager.get("/dashboard/data/campaigns/" + campaignId + "/stats?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("stage,count,conversion,rate");
    }

    @Test
    void aManagerSeesEveryCampaignWhoeverCreatedIt() {
        ResponseEntity<String> byAdmin = rest.withBasicAuth("admin", "admin").postForEntity("/api/campaigns", Map.of(
                "name", "Admin's " + campaignId, "sequence", CallSequences.KEY,
                "sender", Map.of("name", "Ad Min", "email", "admin@relance.test")), String.class);
        assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<List<Map<String, Object>>> campaigns = Api.as(rest, TestUsers.MANAGER).exchange("/api/stats/campaigns",
                HttpMethod.GET, null, new ParameterizedTypeReference<>() {
                });

        assertThat(campaigns.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(campaigns.getBody()).extracting(c -> c.get("campaignId")).contains(campaignId);
        assertThat(campaigns.getBody()).extracting(c -> c.get("name")).contains("Admin's " + campaignId);
    }

    @Test
    void prometheusNeedsAManagerAndShowsRelanceMeters() {
        assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(Api.as(rest, TestUsers.CALLER).getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        double sentBefore = value(scrape(), "relance_touches_total{channel=\"EMAIL\",status=\"SENT\"}");
        double windowBefore = value(scrape(), "relance_deferrals_total{channel=\"EMAIL\",reason=\"window\"}");

        String key = "metrics-" + Instant.now().toEpochMilli() + ":introEmail:1";
        touches.begin(new TouchStart(key, "p-metrics", campaignId, "pi-metrics", "introEmail", Channel.EMAIL, "intro", null,
                "camille@relance.test"));
        touches.deferred(key, Instant.now().plusSeconds(3600), "outside the EMAIL window");
        touches.sent(key);
        touches.sent(key);

        String metrics = scrape();
        assertThat(value(metrics, "relance_touches_total{channel=\"EMAIL\",status=\"SENT\"}")).isEqualTo(sentBefore + 1);
        assertThat(value(metrics, "relance_deferrals_total{channel=\"EMAIL\",reason=\"window\"}")).isEqualTo(windowBefore + 1);
        assertThat(metrics).contains("relance_provider_errors_total{channel=\"CALL\"}", "relance_incidents ",
                "relance_call_tasks_open{group=\"callers\"}", "relance_deferrals_total{channel=\"LINKEDIN\",reason=\"quota\"}");
    }

    private String scrape() {
        ResponseEntity<String> response = Api.as(rest, TestUsers.MANAGER).getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
    }

    /** A browser's session: the login form, then pages with its cookie. */
    record Browser(HttpClient client, int port) {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        static Browser loggedIn(int port, String user) throws IOException, InterruptedException {
            Browser browser = new Browser(HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build(), port);
            Matcher token = CSRF.matcher(browser.get("/login").body());
            assertThat(token.find()).as("the login form's CSRF token").isTrue();
            String form = "username=" + user + "&password=" + URLEncoder.encode(Api.PASSWORD, StandardCharsets.UTF_8)
                    + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> login = browser.client.send(HttpRequest.newBuilder(browser.uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Location")).as("logged in").hasValueSatisfying(
                    location -> assertThat(location).doesNotContain("error"));
            return browser;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
