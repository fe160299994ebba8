package com.relance.monitoring;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the counted figures: a campaign's funnel and daily series, its steps, its callers, the figures
 * of a sequence's activities for Cockpit. Each answer reads one counter document per campaign and day of
 * the range (and a count of running instances from the engine, see {@link RunningSequences}), never the touches
 * themselves.
 */
@Component
class Figures {

    private final StatsStore store;
    private final Campaigns campaigns;
    private final RepositoryService repository;
    private final ManagementService management;
    private final Clock clock;
    private final MonitoringProperties properties;
    private final RunningSequences runningSequences;

    Figures(StatsStore store, Campaigns campaigns, RepositoryService repository, ManagementService management,
            Clock clock, MonitoringProperties properties, RunningSequences runningSequences) {
        this.store = store;
        this.campaigns = campaigns;
        this.runningSequences = runningSequences;
        this.repository = repository;
        this.management = management;
        this.clock = clock;
        this.properties = properties;
    }

    /** Days, both included, in {@code relance.monitoring.time-zone}. */
    record Range(LocalDate from, LocalDate to) {
    }

    /**
     * @param conversion this stage's count over the previous stage's (not counting "in progress" and "finished"),
     *                   when that is not zero
     * @param rate       this stage's count over the enrolled, when that is not zero
     */
    record StageCount(String stage, long count, Double conversion, Double rate) {
    }

    /** One day of the series: touches that reached prospects and, per dated funnel stage, prospects who reached it. */
    record DayFigures(LocalDate day, long touches, Map<String, Long> stages) {
    }

    /** A step's figures; replies, meetings, unsubscribes and bounces are those whose last touch was this step. */
    record StepFigures(String activityId, String name, String channel, long touches, long skipped, long connects,
                       long replies, long meetings, long unsubscribes, long bounces, Double replyRate, Double meetingRate) {
    }

    record CallerFigures(String caller, long calls, long connects, Double connectRate, long talkSeconds, long meetings,
                         Double meetingsPer100Calls) {
    }

    record CampaignFigures(String campaignId, String name, String sequence, LocalDate from, LocalDate to,
                           List<StageCount> funnel, List<DayFigures> daily, List<StepFigures> steps,
                           List<CallerFigures> callers) {
    }

    record CallerReport(String campaignId, LocalDate today, List<CallerFigures> todayFigures, LocalDate from, LocalDate to,
                        List<CallerFigures> rangeFigures) {
    }

    /** What the Cockpit overlay shows on an activity: all campaigns running this sequence, all time. */
    record ActivityFigures(String activityId, long touches, long replies, long meetings, long waiting) {
    }

    record CampaignSummary(String campaignId, String name, String sequence, String status, long enrolled, long replied,
                           long meetings) {
    }

    /** Every campaign, by name, with its all-time enrolled, replied and meetings. */
    List<CampaignSummary> summaries() {
        return campaigns().stream().map(campaign -> {
            Map<Figure, Long> total = store.allTime(campaign.id());
            return new CampaignSummary(campaign.id(), campaign.name(), campaign.sequence(),
                    campaign.status() == null ? null : campaign.status().name(),
                    total.getOrDefault(Figure.stage(FunnelStage.ENROLLED), 0L),
                    total.getOrDefault(Figure.stage(FunnelStage.REPLIED), 0L),
                    total.getOrDefault(Figure.stage(FunnelStage.MEETINGS), 0L));
        }).toList();
    }

    Campaign campaign(String id) {
        return campaigns.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No campaign with id " + id));
    }

    List<Campaign> campaigns() {
        return campaigns.findAll().stream().sorted(Comparator.comparing(Campaign::name, Comparator.nullsLast(String::compareTo)))
                .toList();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone()));
    }

    /** The range asked for; without {@code from}, from the campaign's first day (or {@code callerDays} back). */
    Range range(String from, String to, Campaign campaign) {
        LocalDate end = to == null || to.isBlank() ? today() : date("to", to);
        LocalDate start;
        if (from != null && !from.isBlank()) {
            start = date("from", from);
        } else if (campaign != null && campaign.createdAt() != null) {
            start = LocalDate.ofInstant(campaign.createdAt(), zone());
            start = start.isBefore(end.minusDays(properties.maxDays() - 1)) ? end.minusDays(properties.maxDays() - 1) : start;
        } else {
            start = end.minusDays(properties.callerDays() - 1);
        }
        if (start.isAfter(end)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from: " + start + " is after to: " + end);
        }
        if (start.plusDays(properties.maxDays()).isBefore(end.plusDays(1))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from/to: at most " + properties.maxDays()
                    + " days at once (relance.monitoring.max-days); " + start + " to " + end + " is longer");
        }
        return new Range(start, end);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + ": '" + value + "' is not an ISO date (yyyy-MM-dd)");
        }
    }

    CampaignFigures campaign(Campaign campaign, Range range) {
        SortedMap<LocalDate, Map<Figure, Long>> days = store.days(List.of(campaign.id()), range.from(), range.to());
        Map<Figure, Long> total = sum(days.values());
        return new CampaignFigures(campaign.id(), campaign.name(), campaign.sequence(), range.from(), range.to(),
                funnel(campaign, total), daily(days, range), steps(campaign, total), callers(total));
    }

    List<StepFigures> steps(Campaign campaign, Range range) {
        return steps(campaign, sum(store.days(List.of(campaign.id()), range.from(), range.to()).values()));
    }

    CallerReport callers(Campaign campaign, Range range) {
        List<String> ids = campaign != null ? List.of(campaign.id()) : campaigns.findAll().stream().map(Campaign::id).toList();
        LocalDate today = today();
        return new CallerReport(campaign == null ? null : campaign.id(), today,
                callers(sum(store.days(ids, today, today).values())), range.from(), range.to(),
                callers(sum(store.days(ids, range.from(), range.to()).values())));
    }

    private List<StageCount> funnel(Campaign campaign, Map<Figure, Long> total) {
        long running = runningSequences.of(campaign.id());
        long everEnrolled = store.allTime(campaign.id()).getOrDefault(Figure.stage(FunnelStage.ENROLLED), 0L);
        Map<FunnelStage, Long> counts = new LinkedHashMap<>();
        for (FunnelStage stage : FunnelStage.values()) {
            counts.put(stage, switch (stage) {
                case IN_PROGRESS -> running;
                case FINISHED -> Math.max(0, everEnrolled - running);
                default -> total.getOrDefault(Figure.stage(stage), 0L);
            });
        }
        long enrolled = counts.get(FunnelStage.ENROLLED);
        List<StageCount> funnel = new ArrayList<>();
        Long previous = null;
        for (Map.Entry<FunnelStage, Long> entry : counts.entrySet()) {
            // "in progress" and "finished" are states, not steps of the funnel: no conversion to or from them
            boolean dated = entry.getKey().dated();
            funnel.add(new StageCount(entry.getKey().key(), entry.getValue(), dated ? ratio(entry.getValue(), previous) : null,
                    ratio(entry.getValue(), enrolled)));
            if (dated) {
                previous = entry.getValue();
            }
        }
        return funnel;
    }

    private static List<DayFigures> daily(SortedMap<LocalDate, Map<Figure, Long>> days, Range range) {
        List<DayFigures> daily = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            Map<Figure, Long> counts = days.getOrDefault(day, Map.of());
            Map<String, Long> stages = new LinkedHashMap<>();
            for (FunnelStage stage : FunnelStage.values()) {
                if (stage.dated()) {
                    stages.put(stage.key(), counts.getOrDefault(Figure.stage(stage), 0L));
                }
            }
            daily.add(new DayFigures(day, measure(counts, Figure.SENT), stages));
        }
        return daily;
    }

    private List<StepFigures> steps(Campaign campaign, Map<Figure, Long> total) {
        Map<String, Map<String, Long>> byStep = byMeasure(total, Figure::activityId, new HashMap<>());
        Map<String, String> channels = new HashMap<>();
        total.keySet().stream().filter(figure -> figure.activityId() != null)
                .forEach(figure -> channels.putIfAbsent(figure.activityId(), figure.channel()));
        Map<String, String> names = new LinkedHashMap<>();
        diagram(campaign.sequence()).forEach(node -> names.put(node.getId(), node.getName()));
        List<String> order = new ArrayList<>(names.keySet());
        return byStep.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Map<String, Long>> step) -> {
                    int index = order.indexOf(step.getKey());
                    return index < 0 ? Integer.MAX_VALUE : index;
                }).thenComparing(Map.Entry::getKey))
                .map(step -> {
                    Map<String, Long> m = step.getValue();
                    long touches = m.getOrDefault(Figure.SENT, 0L);
                    return new StepFigures(step.getKey(), names.get(step.getKey()), channels.get(step.getKey()), touches,
                            m.getOrDefault(Figure.SKIPPED, 0L), m.getOrDefault(Figure.CONNECT, 0L),
                            m.getOrDefault(Figure.REPLY, 0L), m.getOrDefault(Figure.MEETING, 0L),
                            m.getOrDefault(Figure.UNSUBSCRIBE, 0L), m.getOrDefault(Figure.BOUNCE, 0L),
                            ratio(m.getOrDefault(Figure.REPLY, 0L), touches), ratio(m.getOrDefault(Figure.MEETING, 0L), touches));
                }).toList();
    }

    private static List<CallerFigures> callers(Map<Figure, Long> total) {
        Map<String, Map<String, Long>> byCaller = byMeasure(total,
                figure -> "CALL".equals(figure.channel()) ? figure.caller() : null, new TreeMap<>());
        return byCaller.entrySet().stream().map(caller -> {
            Map<String, Long> m = caller.getValue();
            long calls = m.getOrDefault(Figure.CALL, 0L);
            long meetings = m.getOrDefault(Figure.CALL_MEETING, 0L);
            Double per100 = calls == 0 ? null : 100.0 * meetings / calls;
            return new CallerFigures(caller.getKey(), calls, m.getOrDefault(Figure.CONNECT, 0L),
                    ratio(m.getOrDefault(Figure.CONNECT, 0L), calls), m.getOrDefault(Figure.TALK_SECONDS, 0L), meetings, per100);
        }).filter(figures -> figures.calls() > 0 || figures.talkSeconds() > 0 || figures.meetings() > 0).toList();
    }

    /** The sequence's activities with what the campaigns running it counted, and how many prospects wait there now. */
    List<ActivityFigures> activities(String processDefinitionId) {
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionId(processDefinitionId)
                .singleResult();
        if (definition == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No process definition with id " + processDefinitionId);
        }
        Map<String, Map<String, Long>> byActivity = new HashMap<>();
        for (Campaign campaign : campaigns.findAll()) {
            if (definition.getKey().equals(campaign.sequence())) {
                byMeasure(store.allTime(campaign.id()), Figure::activityId, byActivity);
            }
        }
        Map<String, Long> waiting = new HashMap<>();
        for (ActivityStatistics statistics : management.createActivityStatisticsQuery(processDefinitionId).list()) {
            waiting.put(statistics.getId(), (long) statistics.getInstances());
        }
        List<ActivityFigures> figures = new ArrayList<>();
        for (FlowNode node : diagram(definition)) {
            Map<String, Long> m = byActivity.getOrDefault(node.getId(), Map.of());
            long waitingHere = waiting.getOrDefault(node.getId(), 0L);
            if (!m.isEmpty() || waitingHere > 0) {
                figures.add(new ActivityFigures(node.getId(), m.getOrDefault(Figure.SENT, 0L),
                        m.getOrDefault(Figure.REPLY, 0L), m.getOrDefault(Figure.MEETING, 0L), waitingHere));
            }
        }
        return figures;
    }

    private Collection<FlowNode> diagram(String sequenceKey) {
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(sequenceKey)
                .latestVersion().singleResult();
        return latest == null ? List.of() : diagram(latest);
    }

    private Collection<FlowNode> diagram(ProcessDefinition definition) {
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
        return model == null ? List.of() : model.getModelElementsByType(FlowNode.class);
    }

    private ZoneId zone() {
        return properties.timeZone();
    }

    /** Adds the counts to {@code into}, by key (figures whose key is null are left out), then by measure. */
    private static Map<String, Map<String, Long>> byMeasure(Map<Figure, Long> counts, Function<Figure, String> key,
                                                           Map<String, Map<String, Long>> into) {
        counts.forEach((figure, count) -> {
            String at = key.apply(figure);
            if (at != null) {
                into.computeIfAbsent(at, k -> new HashMap<>()).merge(figure.measure(), count, Long::sum);
            }
        });
        return into;
    }

    private static Map<Figure, Long> sum(Collection<Map<Figure, Long>> days) {
        Map<Figure, Long> total = new HashMap<>();
        days.forEach(day -> day.forEach((figure, count) -> total.merge(figure, count, Long::sum)));
        return total;
    }

    private static long measure(Map<Figure, Long> counts, String measure) {
        return counts.entrySet().stream().filter(e -> Objects.equals(e.getKey().measure(), measure))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Double ratio(long part, Long whole) {
        return whole == null || whole == 0 ? null : (double) part / whole;
    }
}
