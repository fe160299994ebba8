package com.relance.monitoring;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/** The figures of {@link StatsDataSet}, every one known in advance. */
@RelanceTest
class CampaignStatsTests {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ApplicationContext context;

    private StatsDataSet data;

    @BeforeEach
    void buildDataSet() {
        data = StatsDataSet.build(context);
    }

    @Test
    void theFunnelCountsEachProspectOncePerStageWithConversionRates() {
        Map<String, Object> stats = get("/api/campaigns/" + data.campaignId + "/stats");

        assertThat(counts(stats)).containsExactly(entry("enrolled", 6), entry("in_progress", 1), entry("emailed", 5),
                entry("linkedin_connected", 1), entry("called", 2), entry("reached", 2), entry("replied", 1),
                entry("meetings", 2), entry("qualified_leads", 1), entry("unsubscribed", 1), entry("bounced", 1),
                entry("finished", 5));
        Map<String, Map<String, Object>> funnel = byKey(funnel(stats), "stage");
        assertThat(funnel.get("enrolled").get("conversion")).isNull();
        assertThat((Double) funnel.get("emailed").get("conversion")).isCloseTo(5.0 / 6, within(1e-9));
        assertThat((Double) funnel.get("linkedin_connected").get("conversion")).isCloseTo(0.2, within(1e-9));
        assertThat((Double) funnel.get("replied").get("conversion")).isCloseTo(0.5, within(1e-9));
        assertThat((Double) funnel.get("meetings").get("rate")).isCloseTo(2.0 / 6, within(1e-9));
        assertThat(funnel.get("finished").get("conversion")).isNull();
    }

    @Test
    void theDailySeriesHasTodaysFiguresAndADateRangeFiltersThem() {
        String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
        Map<String, Object> stats = get("/api/campaigns/" + data.campaignId + "/stats?from=" + today + "&to=" + today);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> daily = (List<Map<String, Object>>) stats.get("daily");
        assertThat(daily).singleElement().satisfies(day -> {
            assertThat(day.get("day")).isEqualTo(today);
            assertThat(day.get("touches")).isEqualTo(10);
            assertThat((Map<String, Object>) day.get("stages")).containsEntry("enrolled", 6).containsEntry("emailed", 5)
                    .containsEntry("meetings", 2).containsEntry("bounced", 1);
        });

        String tomorrow = LocalDate.parse(today).plusDays(1).toString();
        Map<String, Object> later = get("/api/campaigns/" + data.campaignId + "/stats?from=" + tomorrow + "&to=" + tomorrow);
        assertThat(counts(later)).containsEntry("enrolled", 0).containsEntry("emailed", 0).containsEntry("meetings", 0)
                // states of now, whatever the dates
                .containsEntry("in_progress", 1).containsEntry("finished", 5);
    }

    @Test
    void eachStepGetsItsTouchesAndWhatCameAfterItsLastTouch() {
        ResponseEntity<List<Map<String, Object>>> response = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/stats/steps?campaign=" + data.campaignId, HttpMethod.GET, null, LIST);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Map<String, Object>> steps = byKey(response.getBody(), "activityId");

        assertThat(steps.get("introEmail")).containsEntry("channel", "EMAIL").containsEntry("touches", 5)
                .containsEntry("replies", 1).containsEntry("meetings", 0).containsEntry("bounces", 1)
                .containsEntry("unsubscribes", 0);
        assertThat(steps.get("connectionRequest")).containsEntry("channel", "LINKEDIN").containsEntry("touches", 1)
                .containsEntry("connects", 1).containsEntry("meetings", 0);
        // P2's meeting counts on followUpEmail, the last step that reached P2 before it, not on introEmail
        assertThat(steps.get("followUpEmail")).containsEntry("touches", 1).containsEntry("meetings", 1)
                .containsEntry("replies", 0);
        // P3's call, P4's attempt and P4's final call; the five sequences' own call steps ended unanswered (skipped)
        assertThat(steps.get("coldCall")).containsEntry("channel", "CALL").containsEntry("name", "Cold call")
                .containsEntry("touches", 3).containsEntry("connects", 3).containsEntry("meetings", 1)
                .containsEntry("unsubscribes", 1).containsEntry("skipped", 5);
    }

    @Test
    void callersGetCallsConnectsTalkTimeAndMeetingsTodayAndOverTheRange() {
        Map<String, Object> report = get("/api/stats/callers?campaign=" + data.campaignId);
        for (String period : List.of("todayFigures", "rangeFigures")) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> callers = byKey((List<Map<String, Object>>) report.get(period), "caller");
            assertThat(callers).containsOnlyKeys(data.callerX, data.callerY);
            assertThat(callers.get(data.callerX)).containsEntry("calls", 2).containsEntry("connects", 2)
                    .containsEntry("connectRate", 1.0).containsEntry("talkSeconds", 120).containsEntry("meetings", 1)
                    .containsEntry("meetingsPer100Calls", 50.0);
            assertThat(callers.get(data.callerY)).containsEntry("calls", 1).containsEntry("connects", 1)
                    .containsEntry("talkSeconds", 0).containsEntry("meetings", 0).containsEntry("meetingsPer100Calls", 0.0);
        }
    }

    @Test
    void everyTableComesAsCsvByParameterOrAcceptHeader() {
        ResponseEntity<String> funnel = Api.as(rest, TestUsers.MANAGER).getForEntity(
                "/api/campaigns/" + data.campaignId + "/stats?format=csv", String.class);
        assertThat(funnel.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(funnel.getBody().lines().toList()).startsWith("stage,count,conversion,rate", "enrolled,6,,1.0",
                "in_progress,1,,0.16666666666666666");
        assertThat(funnel.getBody()).contains("\r\nfinished,5,,0.8333333333333334");

        HttpHeaders csv = new HttpHeaders();
        csv.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> callers = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/stats/callers?campaign=" + data.campaignId, HttpMethod.GET, new HttpEntity<>(csv), String.class);
        assertThat(callers.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(callers.getBody().lines().toList()).containsExactly(
                "period,caller,calls,connects,connect_rate,talk_seconds,meetings,meetings_per_100_calls",
                "today," + data.callerX + ",2,2,1.0,120,1,50.0", "today," + data.callerY + ",1,1,1.0,0,0,0.0",
                "range," + data.callerX + ",2,2,1.0,120,1,50.0", "range," + data.callerY + ",1,1,1.0,0,0,0.0");

        ResponseEntity<String> steps = Api.as(rest, TestUsers.MANAGER).getForEntity(
                "/api/campaigns/" + data.campaignId + "/stats?format=csv&table=steps", String.class);
        assertThat(steps.getBody().lines().findFirst()).contains(
                "activity_id,name,channel,touches,skipped,connects,replies,meetings,unsubscribes,bounces,reply_rate,meeting_rate");
        assertThat(steps.getBody()).contains("\r\nfollowUpEmail,,EMAIL,1,0,0,0,1,0,0,0.0,1.0\r\n");
    }

    @Test
    void badDatesAndUnknownCampaignsGetSpecificProblems() {
        ResponseEntity<Map<String, Object>> notADate = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/campaigns/" + data.campaignId + "/stats?from=2026-13-01", HttpMethod.GET, null, Fixtures.JSON);
        assertThat(notADate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notADate.getBody().get("detail")).isEqualTo("from: '2026-13-01' is not an ISO date (yyyy-MM-dd)");

        ResponseEntity<Map<String, Object>> reversed = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/campaigns/" + data.campaignId + "/stats?from=2026-02-01&to=2026-01-01", HttpMethod.GET, null, Fixtures.JSON);
        assertThat(reversed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(reversed.getBody().get("detail")).isEqualTo("from: 2026-02-01 is after to: 2026-01-01");

        ResponseEntity<Map<String, Object>> unknown = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/campaigns/nope/stats", HttpMethod.GET, null, Fixtures.JSON);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().get("detail")).isEqualTo("No campaign with id nope");
    }

    @Test
    void aRebuildFromStoredDataGivesTheSameFigures() {
        Map<String, Object> before = get("/api/campaigns/" + data.campaignId + "/stats");

        ResponseEntity<Map<String, Object>> rebuilt = Api.as(rest, TestUsers.MANAGER).exchange("/api/stats/rebuild",
                HttpMethod.POST, null, Fixtures.JSON);

        assertThat(rebuilt.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(((Number) rebuilt.getBody().get("touches")).longValue()).isGreaterThanOrEqualTo(12);
        Map<String, Object> after = get("/api/campaigns/" + data.campaignId + "/stats");
        assertThat(after.get("funnel")).isEqualTo(before.get("funnel"));
        assertThat(after.get("steps")).isEqualTo(before.get("steps"));
        assertThat(after.get("callers")).isEqualTo(before.get("callers"));
    }

    private Map<String, Object> get(String path) {
        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MANAGER).exchange(path, HttpMethod.GET, null,
                Fixtures.JSON);
        assertThat(response.getStatusCode()).as("%s: %s", path, response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> funnel(Map<String, Object> stats) {
        return (List<Map<String, Object>>) stats.get("funnel");
    }

    private static Map<String, Integer> counts(Map<String, Object> stats) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        funnel(stats).forEach(stage -> counts.put((String) stage.get("stage"), ((Number) stage.get("count")).intValue()));
        return counts;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows, String key) {
        Map<String, Map<String, Object>> byKey = new java.util.LinkedHashMap<>();
        rows.forEach(row -> byKey.put((String) row.get(key), row));
        return byKey;
    }
}
