package com.relance.monitoring;

import java.util.ArrayList;
import java.util.List;

import com.relance.campaign.Campaign;
import com.relance.campaign.VariantReport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The figures as JSON or CSV, for managers. Each read is also served under {@code /dashboard/data/...} for
 * the dashboard page and the Cockpit plugin, which carry the browser's login session rather than HTTP Basic.
 */
@RestController
class StatsController {

    private final Figures figures;
    private final StatsRebuild rebuild;
    private final VariantReport variants;

    StatsController(Figures figures, StatsRebuild rebuild, VariantReport variants) {
        this.figures = figures;
        this.rebuild = rebuild;
        this.variants = variants;
    }

    /** Every campaign with its all-time headline figures, for the dashboard's first page. */
    @GetMapping({"/api/stats/campaigns", "/dashboard/data/campaigns"})
    ResponseEntity<?> campaigns(@RequestParam(required = false) String format,
                                @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        List<Figures.CampaignSummary> summaries = figures.summaries();
        if (Csv.wanted(format, accept)) {
            return Csv.of("campaigns.csv", List.of("campaign_id", "name", "sequence", "status", "enrolled", "replied",
                    "meetings"), summaries.stream().map(s -> Csv.row(s.campaignId(), s.name(),
                    s.sequence(), s.status(), s.enrolled(), s.replied(), s.meetings())).toList());
        }
        return ResponseEntity.ok(summaries);
    }

    /**
     * A campaign's funnel, daily series, steps and callers over {@code from}..{@code to}. As CSV, one table:
     * {@code table=funnel} (default), {@code daily}, {@code steps} or {@code callers}.
     */
    @GetMapping({"/api/campaigns/{id}/stats", "/dashboard/data/campaigns/{id}/stats"})
    ResponseEntity<?> campaign(@PathVariable String id, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String format,
                               @RequestParam(defaultValue = "funnel") String table,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Campaign campaign = figures.campaign(id);
        Figures.CampaignFigures stats = figures.campaign(campaign, figures.range(from, to, campaign));
        if (!Csv.wanted(format, accept)) {
            return ResponseEntity.ok(stats);
        }
        return switch (table) {
            case "funnel" -> Csv.of("funnel-" + id + ".csv", List.of("stage", "count", "conversion", "rate"),
                    stats.funnel().stream().map(s -> Csv.row(s.stage(), s.count(), s.conversion(),
                            s.rate())).toList());
            case "daily" -> daily(id, stats);
            case "steps" -> steps(id, stats.steps());
            case "callers" -> callers("callers-" + id + ".csv", rows("range", stats.callers(), new ArrayList<>()));
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "table: '" + table + "' is none of funnel, daily, steps, callers");
        };
    }

    /** Per caller: calls, connects, talk time, meetings, today and over the range; one campaign or all. */
    @GetMapping({"/api/stats/callers", "/dashboard/data/callers"})
    ResponseEntity<?> callers(@RequestParam(required = false) String campaign, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to, @RequestParam(required = false) String format,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Campaign scope = campaign == null || campaign.isBlank() ? null : figures.campaign(campaign);
        Figures.CallerReport report = figures.callers(scope, figures.range(from, to, null));
        if (!Csv.wanted(format, accept)) {
            return ResponseEntity.ok(report);
        }
        return callers("callers.csv", rows("range", report.rangeFigures(), rows("today", report.todayFigures(), new ArrayList<>())));
    }

    /** Per step of a campaign's sequence: touches, and what came after them. */
    @GetMapping({"/api/stats/steps", "/dashboard/data/steps"})
    ResponseEntity<?> steps(@RequestParam(required = false) String campaign, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to, @RequestParam(required = false) String format,
                            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Campaign scope = figures.campaign(required("campaign", campaign, "the campaign's id"));
        List<Figures.StepFigures> steps = figures.steps(scope, figures.range(from, to, scope));
        return Csv.wanted(format, accept) ? steps(campaign, steps) : ResponseEntity.ok(steps);
    }

    /** Per activity of a process definition, all campaigns running it, all time; what the Cockpit overlay shows. */
    @GetMapping({"/api/stats/activities", "/dashboard/data/activities"})
    ResponseEntity<?> activities(@RequestParam(required = false) String processDefinitionId,
                                 @RequestParam(required = false) String format,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        List<Figures.ActivityFigures> activities = figures.activities(
                required("processDefinitionId", processDefinitionId, "the process definition's id"));
        if (Csv.wanted(format, accept)) {
            return Csv.of("activities.csv", List.of("activity_id", "touches", "replies", "meetings", "waiting"),
                    activities.stream().map(a -> Csv.row(a.activityId(), a.touches(), a.replies(), a.meetings(),
                            a.waiting())).toList());
        }
        return ResponseEntity.ok(activities);
    }

    /** A campaign's A/B variants with the significance verdict (the campaign module's report, as JSON or CSV). */
    @GetMapping({"/api/stats/variants", "/dashboard/data/campaigns/{campaign}/variants"})
    ResponseEntity<?> variants(@RequestParam(required = false) @PathVariable(required = false) String campaign,
                               @RequestParam(required = false) String format,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        VariantReport.Report report = variants.of(figures.campaign(required("campaign", campaign, "the campaign's id")));
        if (!Csv.wanted(format, accept)) {
            return ResponseEntity.ok(report);
        }
        return Csv.of("variants-" + campaign + ".csv", List.of("variant", "prospects", "replies", "meetings", "reply_rate",
                        "meeting_rate", "verdict", "winner", "p_value"),
                report.variants().stream().map(v -> Csv.row(v.variant(), v.prospects(), v.replies(), v.meetings(),
                        v.replyRate(), v.meetingRate(), report.verdict().status(), report.verdict().winner(),
                        report.verdict().pValue())).toList());
    }

    /** Recounts every figure from the stored enrollments, touches and statuses (see {@link StatsRebuild}). */
    @PostMapping("/api/stats/rebuild")
    StatsRebuild.Result rebuild() {
        return rebuild.rebuild();
    }

    private static String required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + ": give " + what + " (?" + name + "=...)");
        }
        return value;
    }

    private static ResponseEntity<String> daily(String id, Figures.CampaignFigures stats) {
        List<String> header = new ArrayList<>(List.of("day", "touches"));
        if (!stats.daily().isEmpty()) {
            header.addAll(stats.daily().get(0).stages().keySet());
        }
        return Csv.of("daily-" + id + ".csv", header, stats.daily().stream().<List<?>>map(day -> {
            List<Object> row = new ArrayList<>(List.of(day.day(), day.touches()));
            row.addAll(day.stages().values());
            return row;
        }).toList());
    }

    private static ResponseEntity<String> steps(String id, List<Figures.StepFigures> steps) {
        return Csv.of("steps-" + id + ".csv", List.of("activity_id", "name", "channel", "touches", "skipped", "connects",
                        "replies", "meetings", "unsubscribes", "bounces", "reply_rate", "meeting_rate"),
                steps.stream().map(s -> Csv.row(s.activityId(), s.name(), s.channel(),
                        s.touches(), s.skipped(), s.connects(), s.replies(), s.meetings(), s.unsubscribes(), s.bounces(),
                        s.replyRate(), s.meetingRate())).toList());
    }

    /** Adds the callers' rows of one period to {@code rows}. */
    private static List<List<?>> rows(String period, List<Figures.CallerFigures> callers, List<List<?>> rows) {
        callers.forEach(c -> rows.add(Csv.row(period, c.caller(), c.calls(), c.connects(), c.connectRate(),
                c.talkSeconds(), c.meetings(), c.meetingsPer100Calls())));
        return rows;
    }

    private static ResponseEntity<String> callers(String filename, List<List<?>> rows) {
        return Csv.of(filename, List.of("period", "caller", "calls", "connects", "connect_rate", "talk_seconds", "meetings",
                "meetings_per_100_calls"), rows);
    }
}
