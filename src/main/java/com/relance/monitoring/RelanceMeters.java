package com.relance.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Relance's meters at {@code /actuator/prometheus}: {@code relance_touches_total{channel,status}},
 * {@code relance_deferrals_total{channel,reason}} (reason {@code window} or {@code quota}),
 * {@code relance_provider_errors_total{channel}}, and the engine gauges {@code relance_call_tasks_open{group}}
 * and {@code relance_incidents}, recounted at most every {@code relance.monitoring.gauge-refresh}.
 */
@Component
class RelanceMeters {

    private final MeterRegistry registry;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final Clock clock;
    private final MonitoringProperties properties;
    private final Set<String> groupGauges = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of(), 0);

    RelanceMeters(MeterRegistry registry, TaskService tasks, RuntimeService runtime, IdentityService identity, Clock clock,
                  MonitoringProperties properties) {
        this.registry = registry;
        this.tasks = tasks;
        this.runtime = runtime;
        this.identity = identity;
        this.clock = clock;
        this.properties = properties;
        for (Channel channel : Channel.values()) {
            for (TouchChanged.Change change : new TouchChanged.Change[]{TouchChanged.Change.SENT, TouchChanged.Change.SKIPPED,
                    TouchChanged.Change.FAILED}) {
                touches(channel.name(), change.name());
            }
            errors(channel.name());
            deferrals(channel.name(), "window");
            deferrals(channel.name(), "quota");
        }
        Gauge.builder("relance.incidents", () -> snapshot().incidents())
                .description("Open Camunda incidents (failed jobs out of retries)").register(registry);
    }

    /** The groups are Camunda's: gauges for those that exist once the application (and its users) is set up. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        snapshot();
    }

    @EventListener
    void on(TouchChanged changed) {
        Touch touch = changed.touch();
        String channel = touch.channel() == null ? "UNKNOWN" : touch.channel().name();
        switch (changed.change()) {
            case SENT, SKIPPED -> touches(channel, changed.change().name()).increment();
            case FAILED -> {
                touches(channel, changed.change().name()).increment();
                errors(channel).increment();
            }
            case DEFERRED -> deferrals(channel, reason(touch.deferral())).increment();
            default -> {
                // durations are figures, not meters
            }
        }
    }

    /** Windows say "outside the ... window"; everything else that defers is a quota or a daily cap. */
    static String reason(String deferral) {
        return deferral != null && deferral.toLowerCase(Locale.ROOT).contains("window") ? "window" : "quota";
    }

    private Counter touches(String channel, String status) {
        return Counter.builder("relance.touches").description("Touches by channel and status (each change once)")
                .tag("channel", channel).tag("status", status).register(registry);
    }

    private Counter errors(String channel) {
        return Counter.builder("relance.provider.errors").description("Failed attempts of a touch (SMTP, Twilio, ...)")
                .tag("channel", channel).register(registry);
    }

    private Counter deferrals(String channel, String reason) {
        return Counter.builder("relance.deferrals").description("Steps postponed by a contact window or a quota")
                .tag("channel", channel).tag("reason", reason).register(registry);
    }

    private record Snapshot(Instant at, Map<String, Long> openTasksByGroup, long incidents) {
    }

    /** The engine counts, recounted when older than the refresh period; new groups get their gauge. */
    private Snapshot snapshot() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current.at().plus(properties.gaugeRefresh()).isAfter(now)) {
            return current;
        }
        synchronized (this) {
            if (snapshot != current) {
                return snapshot;
            }
            Map<String, Long> byGroup = new HashMap<>();
            for (Group group : identity.createGroupQuery().list()) {
                byGroup.put(group.getId(), tasks.createTaskQuery().taskCandidateGroup(group.getId()).includeAssignedTasks().count());
            }
            snapshot = new Snapshot(now, byGroup, runtime.createIncidentQuery().count());
            byGroup.keySet().stream().filter(groupGauges::add).forEach(group ->
                    Gauge.builder("relance.call.tasks.open", () -> snapshot().openTasksByGroup().getOrDefault(group, 0L))
                            .description("Open call and LinkedIn tasks offered to a group (assigned or not)")
                            .tag("group", group).register(registry));
            return snapshot;
        }
    }
}
