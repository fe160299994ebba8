package com.relance.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.sequence.EnrolledCampaigns;
import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Enrolls prospects in a campaign: one process instance per (campaign, prospect), never two. The
 * enrollment record is written before the instance starts, so a crash in between is noticed and
 * repaired by the next enrollment instead of starting a duplicate.
 */
@Component
class Enrollments implements EnrolledCampaigns {

    static final int MAX_REPORTED_SKIPS = 1000;
    private static final Logger log = LoggerFactory.getLogger(Enrollments.class);

    private final MongoTemplate mongo;
    private final Prospects prospects;
    private final RuntimeService runtimeService;
    private final CampaignProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Enrollments(MongoTemplate mongo, Prospects prospects, RuntimeService runtimeService,
                CampaignProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.prospects = prospects;
        this.runtimeService = runtimeService;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public List<String> campaignIdsOf(String prospectId) {
        Query query = Query.query(where("prospectId").is(prospectId));
        query.fields().include("campaignId");
        return mongo.find(query, Enrollment.class).stream().map(Enrollment::campaignId).toList();
    }

    /** Counts of one batch. */
    record Outcome(int enrolled, List<Skip> skipped) {
    }

    /** Enrolls these prospects, in order; unknown, non-contactable and already enrolled ones are skipped. */
    Outcome enroll(Campaign campaign, List<String> prospectIds) {
        Map<String, Prospect> byId = prospects.findAll(prospectIds).stream()
                .collect(Collectors.toMap(Prospect::id, Function.identity()));
        int enrolled = 0;
        List<Skip> skipped = new ArrayList<>();
        for (String prospectId : prospectIds) {
            Optional<String> skip = enrollOne(campaign, prospectId, byId.get(prospectId));
            if (skip.isPresent()) {
                skipped.add(new Skip(prospectId, skip.get()));
            } else {
                enrolled++;
            }
        }
        return new Outcome(enrolled, skipped);
    }

    /** Empty when enrolled, else the reason it was skipped. */
    private Optional<String> enrollOne(Campaign campaign, String prospectId, Prospect prospect) {
        if (prospect == null) {
            return Optional.of("no prospect with this id");
        }
        if (!prospect.status().contactable()) {
            return Optional.of("prospect is " + prospect.status());
        }
        String key = Sequences.businessKey(campaign.id(), prospectId);
        Instant now = clock.instant();
        try {
            mongo.insert(new Enrollment(key, campaign.id(), prospectId, Enrollment.State.STARTING, null, now));
        } catch (DuplicateKeyException alreadyThere) {
            Enrollment existing = mongo.findById(key, Enrollment.class);
            if (existing == null || existing.state() == Enrollment.State.STARTED) {
                return Optional.of("already enrolled");
            }
            if (existing.createdAt().isAfter(now.minus(properties.staleStart()))) {
                return Optional.of("enrollment in progress");
            }
            ProcessInstance running = runtimeService.createProcessInstanceQuery()
                    .processInstanceBusinessKey(key).processDefinitionKey(campaign.sequence()).singleResult();
            if (running != null) {
                markStarted(key, running.getId());
                return Optional.of("already enrolled");
            }
            log.info("Enrollment {} was cut short earlier; starting its sequence now", key);
        }
        try {
            ProcessInstance instance = runtimeService.createProcessInstanceByKey(campaign.sequence())
                    .businessKey(key)
                    .setVariable(Sequences.PROSPECT_ID, prospectId)
                    .setVariable(Sequences.CAMPAIGN_ID, campaign.id())
                    .execute();
            markStarted(key, instance.getId());
            events.publishEvent(new ProspectEnrolled(campaign.id(), prospectId, instance.getId(), now));
            return Optional.empty();
        } catch (RuntimeException e) {
            mongo.remove(Query.query(where("_id").is(key).and("state").is(Enrollment.State.STARTING)), Enrollment.class);
            log.warn("Could not start sequence {} for {}: {}", campaign.sequence(), key, e.getMessage());
            return Optional.of("sequence could not start: " + e.getMessage());
        }
    }

    private void markStarted(String key, String processInstanceId) {
        mongo.updateFirst(Query.query(where("_id").is(key)),
                new Update().set("state", Enrollment.State.STARTED).set("processInstanceId", processInstanceId),
                Enrollment.class);
    }
}
