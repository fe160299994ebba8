package com.relance.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.mongodb.bulk.BulkWriteError;
import com.relance.prospect.ProspectSummary;
import com.relance.prospect.Prospects;
import com.relance.sequence.EnrolledCampaigns;
import com.relance.sequence.Sequences;
import com.relance.suppression.Suppression;
import com.relance.suppression.Suppressions;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Enrolls prospects in a campaign: one process instance per (campaign, prospect), never two. The
 * enrollment record is written before the instance starts, so a crash in between is noticed and
 * repaired by the next enrollment instead of starting a duplicate.
 */
@Component
class Enrollments implements EnrolledCampaigns, DisposableBean {

    static final int MAX_REPORTED_SKIPS = 1000;
    private static final int DUPLICATE_KEY = 11000;
    private static final Logger log = LoggerFactory.getLogger(Enrollments.class);

    private final MongoTemplate mongo;
    private final Prospects prospects;
    private final RuntimeService runtimeService;
    private final RepositoryService repositoryService;
    private final CampaignProperties properties;
    private final Clock clock;
    private final Suppressions suppressions;
    private final ApplicationEventPublisher events;
    private final ThreadPoolTaskExecutor starter;
    private final CommandExecutor commandExecutor;

    Enrollments(MongoTemplate mongo, Prospects prospects, RuntimeService runtimeService, RepositoryService repositoryService,
                CampaignProperties properties, Clock clock, Suppressions suppressions, ApplicationEventPublisher events,
                ProcessEngineConfigurationImpl engineConfiguration) {
        this.mongo = mongo;
        this.prospects = prospects;
        this.runtimeService = runtimeService;
        this.repositoryService = repositoryService;
        this.properties = properties;
        this.clock = clock;
        this.suppressions = suppressions;
        this.events = events;
        // starts issued inside one command share its transaction and its flush
        this.commandExecutor = engineConfiguration.getCommandExecutorTxRequired();
        // each group of starts is a transaction of its own: a few run side by side on the engine's database
        this.starter = new ThreadPoolTaskExecutor();
        starter.setCorePoolSize(properties.enrollmentThreads());
        starter.setThreadNamePrefix("sequence-start-");
        starter.initialize();
    }

    @Override
    public List<String> campaignIdsOf(String prospectId) {
        return prospects.campaignIdsOf(prospectId).orElseGet(() -> {
            // enrolled before prospects recorded their campaigns: a scan of enrollments
            Query query = Query.query(where("prospectId").is(prospectId));
            query.fields().include("campaignId");
            return mongo.find(query, Enrollment.class).stream().map(Enrollment::campaignId).toList();
        });
    }

    /** Counts of one batch. */
    record Outcome(int enrolled, List<Skip> skipped) {
    }

    /**
     * A batch whose prospects were read and recorded as enrolling, its sequences not started yet.
     *
     * @param reasons why each prospect (in the order given) is skipped; null for those to start
     */
    record Claimed(List<String> prospectIds, String[] reasons, List<Integer> toStart) {

        String lastProspectId() {
            return prospectIds.get(prospectIds.size() - 1);
        }
    }

    /**
     * Enrolls these prospects; unknown, non-contactable, suppressed (address or domain on the suppression
     * list) and already enrolled ones are skipped (reported in the order given). See {@link #claim} and
     * {@link #start}.
     */
    Outcome enroll(Campaign campaign, List<String> prospectIds) {
        return start(campaign, claim(campaign, prospectIds));
    }

    /**
     * Reads these prospects and their suppressions, and writes the enrollment records of those to start in
     * one round trip, before any instance starts.
     */
    Claimed claim(Campaign campaign, List<String> prospectIds) {
        // summaries: the status and address are all enrollment reads of a prospect
        Map<String, ProspectSummary> byId = prospects.summaries(prospectIds).stream()
                .collect(Collectors.toMap(ProspectSummary::id, Function.identity()));
        // one query for the batch: enrollment walks 100,000 prospects
        Map<String, Suppression> suppressed = suppressions.reasonsFor(byId.values().stream().map(ProspectSummary::email).toList());
        String[] reasons = new String[prospectIds.size()];
        List<Integer> toClaim = new ArrayList<>();
        for (int i = 0; i < prospectIds.size(); i++) {
            ProspectSummary prospect = byId.get(prospectIds.get(i));
            Suppression suppression = prospect == null || prospect.email() == null ? null : suppressed.get(prospect.email());
            reasons[i] = prospect == null ? "no prospect with this id"
                    : !prospect.status().contactable() ? "prospect is " + prospect.status()
                    : suppression != null ? suppression.skipReason() : null;
            if (reasons[i] == null) {
                toClaim.add(i);
            }
        }
        List<Integer> toStart = new ArrayList<>();
        Set<Integer> taken = insertRecords(campaign, prospectIds, toClaim);
        for (int i : toClaim) {
            if (taken.contains(i)) {
                reasons[i] = alreadyClaimed(campaign, prospectIds.get(i)).orElse(null);
            }
            if (reasons[i] == null) {
                toStart.add(i);
            }
        }
        prospects.enrolledIn(toStart.stream().map(prospectIds::get).toList(), campaign.id());
        return new Claimed(prospectIds, reasons, toStart);
    }

    /**
     * Starts a claimed batch's sequences on {@code relance.campaigns.enrollment-threads} threads and marks the
     * batch started in one more round trip.
     */
    Outcome start(Campaign campaign, Claimed claimed) {
        List<String> prospectIds = claimed.prospectIds();
        String[] reasons = claimed.reasons();
        startAll(campaign, prospectIds, claimed.toStart(), reasons);
        List<Skip> skipped = new ArrayList<>();
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                skipped.add(new Skip(prospectIds.get(i), reasons[i]));
            }
        }
        return new Outcome(prospectIds.size() - skipped.size(), skipped);
    }

    /** Inserts STARTING records for these prospects in one round trip; returns those that already had one. */
    private Set<Integer> insertRecords(Campaign campaign, List<String> prospectIds, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        List<Enrollment> records = indexes.stream().map(i -> new Enrollment(
                Sequences.businessKey(campaign.id(), prospectIds.get(i)), campaign.id(), prospectIds.get(i),
                Enrollment.State.STARTING, null, now)).toList();
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Enrollment.class).insert(records).execute();
            return Set.of();
        } catch (BulkOperationException e) {
            Set<Integer> taken = new HashSet<>();
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                taken.add(indexes.get(error.getIndex()));
            }
            return taken;
        }
    }

    /**
     * The prospect already has an enrollment record: empty when it was cut short (a crash between record
     * and start) and the sequence should start now, else why it is skipped.
     */
    private Optional<String> alreadyClaimed(Campaign campaign, String prospectId) {
        String key = Sequences.businessKey(campaign.id(), prospectId);
        Enrollment existing = mongo.findById(key, Enrollment.class);
        if (existing == null || existing.state() == Enrollment.State.STARTED) {
            return Optional.of("already enrolled");
        }
        if (existing.createdAt().isAfter(clock.instant().minus(properties.staleStart()))) {
            return Optional.of("enrollment in progress");
        }
        ProcessInstance running = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(key).processDefinitionKey(campaign.sequence()).singleResult();
        if (running != null) {
            markStarted(List.of(new Started(key, prospectId, running.getId())));
            return Optional.of("already enrolled");
        }
        log.info("Enrollment {} was cut short earlier; starting its sequence now", key);
        return Optional.empty();
    }

    private record Started(String key, String prospectId, String processInstanceId) {
    }

    /**
     * Starts the claimed prospects' sequences, {@code starts-per-transaction} to a transaction; a start that
     * fails leaves its reason and no record.
     */
    private void startAll(Campaign campaign, List<String> prospectIds, List<Integer> indexes, String[] reasons) {
        if (indexes.isEmpty()) {
            return;
        }
        // the sequence's latest version, looked up once for the batch instead of once per start
        ProcessDefinition sequence = repositoryService.createProcessDefinitionQuery()
                .processDefinitionKey(campaign.sequence()).latestVersion().withoutTenantId().singleResult();
        String definitionId = sequence == null ? null : sequence.getId();
        List<List<Integer>> groups = new ArrayList<>();
        for (int from = 0; from < indexes.size(); from += properties.startsPerTransaction()) {
            groups.add(indexes.subList(from, Math.min(indexes.size(), from + properties.startsPerTransaction())));
        }
        List<CompletableFuture<List<Started>>> starts = groups.stream()
                .map(group -> CompletableFuture.supplyAsync(() -> commandExecutor.execute(context ->
                        group.stream().map(i -> start(campaign, definitionId, prospectIds.get(i))).toList()), starter))
                .toList();
        List<Started> started = new ArrayList<>();
        List<String> failedKeys = new ArrayList<>();
        for (int n = 0; n < groups.size(); n++) {
            try {
                started.addAll(starts.get(n).join());
            } catch (CompletionException groupFailed) {
                // the group's transaction rolled back as a whole: one by one, a bad start holds back no other
                for (int i : groups.get(n)) {
                    String prospectId = prospectIds.get(i);
                    try {
                        started.add(start(campaign, definitionId, prospectId));
                    } catch (RuntimeException e) {
                        String key = Sequences.businessKey(campaign.id(), prospectId);
                        log.warn("Could not start sequence {} for {}: {}", campaign.sequence(), key, e.getMessage());
                        reasons[i] = "sequence could not start: " + e.getMessage();
                        failedKeys.add(key);
                    }
                }
            }
        }
        markStarted(started);
        if (!started.isEmpty()) {
            events.publishEvent(new ProspectsEnrolled(campaign.id(),
                    started.stream().map(Started::prospectId).toList(), clock.instant()));
        }
        if (!failedKeys.isEmpty()) {
            mongo.remove(Query.query(where("_id").in(failedKeys).and("state").is(Enrollment.State.STARTING)), Enrollment.class);
        }
    }

    private Started start(Campaign campaign, String definitionId, String prospectId) {
        if (definitionId == null) {
            throw new IllegalStateException("no sequence '" + campaign.sequence() + "' is deployed");
        }
        String key = Sequences.businessKey(campaign.id(), prospectId);
        ProcessInstance instance = runtimeService.createProcessInstanceById(definitionId)
                .businessKey(key)
                .setVariable(Sequences.PROSPECT_ID, prospectId)
                .setVariable(Sequences.CAMPAIGN_ID, campaign.id())
                .execute();
        return new Started(key, prospectId, instance.getId());
    }

    private void markStarted(List<Started> started) {
        if (started.isEmpty()) {
            return;
        }
        BulkOperations updates = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Enrollment.class);
        for (Started one : started) {
            updates.updateOne(Query.query(where("_id").is(one.key())),
                    new Update().set("state", Enrollment.State.STARTED).set("processInstanceId", one.processInstanceId()));
        }
        updates.execute();
    }

    @Override
    public void destroy() {
        starter.shutdown();
    }
}
