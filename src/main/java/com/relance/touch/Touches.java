package com.relance.touch;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Records every touch, the one place that does. Each touch is keyed by its step, so channels can ask
 * "did this step already happen?" before repeating a side effect. Every real change of state is published
 * as a {@link TouchChanged} (monitoring counts them); updates that change nothing publish nothing.
 */
@Component
public class Touches {

    private final MongoTemplate mongo;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Touches(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Starts the touch for this step, or returns the one an earlier attempt of the same step left (with
     * its status and provider reference), counting the attempt either way.
     */
    public Touch begin(TouchStart start) {
        Instant now = clock.instant();
        Update update = new Update()
                .setOnInsert("prospectId", start.prospectId())
                .setOnInsert("campaignId", start.campaignId())
                .setOnInsert("processInstanceId", start.processInstanceId())
                .setOnInsert("activityId", start.activityId())
                .setOnInsert("channel", start.channel())
                .setOnInsert("template", start.template())
                .setOnInsert("variant", start.variant())
                .setOnInsert("sender", start.sender())
                .setOnInsert("status", TouchStatus.PENDING)
                .setOnInsert("createdAt", now)
                .set("updatedAt", now)
                .inc("attempts", 1);
        return mongo.findAndModify(Query.query(where("_id").is(start.key())), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), Touch.class);
    }

    /** Notes the provider's reference before the side effect, so a retry reuses it (e.g. the same Message-ID). */
    public void reference(String key, String providerReference, String subject) {
        mongo.updateFirst(Query.query(where("_id").is(key)), new Update()
                .set("providerReference", providerReference)
                .set("subject", subject)
                .set("updatedAt", clock.instant()), Touch.class);
    }

    public void sent(String key) {
        Instant now = clock.instant();
        change(key, new Update()
                .set("status", TouchStatus.SENT)
                .set("sentAt", now)
                .unset("error")
                .set("updatedAt", now), TouchChanged.Change.SENT, before -> before.status() != TouchStatus.SENT);
    }

    public void failed(String key, String error) {
        change(key, new Update()
                .set("status", TouchStatus.FAILED)
                .set("error", error)
                .set("updatedAt", clock.instant()), TouchChanged.Change.FAILED, before -> true);
    }

    /**
     * Applies the update and publishes the change when the touch was {@code different} before. Queries by
     * {@code _id} alone, which every MongoDB (the embedded server too) answers from the unique index.
     */
    private void change(String key, Update update, TouchChanged.Change change, Predicate<Touch> different) {
        Touch before = mongo.findAndModify(Query.query(where("_id").is(key)), update,
                FindAndModifyOptions.options().returnNew(false), Touch.class);
        if (before != null && different.test(before)) {
            find(key).ifPresent(after -> events.publishEvent(new TouchChanged(after, change)));
        }
    }

    /**
     * Records one attempt of a step that stays open (a call to try again later): a touch of its own,
     * next to the step's touch, with what the person reported.
     */
    public Touch attempt(String stepKey, String outcome, String note, String caller) {
        Touch step = mongo.findById(stepKey, Touch.class);
        if (step == null) {
            throw new IllegalStateException("No touch " + stepKey);
        }
        Instant now = clock.instant();
        Touch attempt = new Touch(stepKey + "@" + now.toEpochMilli(), step.prospectId(), step.campaignId(),
                step.processInstanceId(), step.activityId(), step.channel(), step.template(), step.variant(), step.sender(),
                TouchStatus.SENT, caller, null, outcome, note, step.providerReference(), step.subject(), null, 1, now, now,
                now, null, null, null);
        mongo.insert(attempt);
        events.publishEvent(new TouchChanged(attempt, TouchChanged.Change.SENT));
        // the step's own touch starts afresh for the next attempt
        mongo.updateFirst(Query.query(where("_id").is(stepKey)), new Update().unset("providerReference")
                .set("updatedAt", now), Touch.class);
        return attempt;
    }

    /** Touches of one channel done by {@code caller} since {@code since}, for the console's counters. */
    public java.util.List<Touch> doneBy(String caller, Channel channel, Instant since) {
        return mongo.find(Query.query(where("caller").is(caller).and("channel").is(channel).and("updatedAt").gte(since)),
                Touch.class);
    }

    /** A call was placed for this touch by {@code caller}; {@code providerReference} is the telephony's id (Twilio call SID). */
    public void callPlaced(String key, String providerReference, String caller) {
        mongo.updateFirst(Query.query(where("_id").is(key)), new Update()
                .set("providerReference", providerReference)
                .set("caller", caller)
                .set("updatedAt", clock.instant()), Touch.class);
    }

    /** The telephony reported how long the call lasted (a repeated report of the same duration changes nothing). */
    public void callDuration(String key, int durationSeconds) {
        change(key, new Update()
                .set("durationSeconds", durationSeconds)
                .set("updatedAt", clock.instant()), TouchChanged.Change.CALL_DURATION,
                before -> !Integer.valueOf(durationSeconds).equals(before.durationSeconds()));
    }

    /** Records what a person reported for a task-based touch (a call, a manual LinkedIn action). */
    public void outcome(String key, TouchStatus status, String outcome, String note, String caller) {
        Instant now = clock.instant();
        Update update = new Update().set("status", status).set("outcome", outcome).set("updatedAt", now);
        if (caller != null) {
            update.set("caller", caller);
        }
        if (status == TouchStatus.SENT) {
            update.set("sentAt", now);
        }
        if (note != null) {
            update.set("note", note);
        }
        // a listener run again after a rollback records the same outcome: no second change
        change(key, update, status == TouchStatus.SENT ? TouchChanged.Change.SENT : TouchChanged.Change.SKIPPED,
                before -> before.status() != status || !Objects.equals(before.outcome(), outcome));
    }

    /** Notes that a window or throttle postponed the step; the touch stays pending. */
    public void deferred(String key, Instant until, String reason) {
        change(key, new Update()
                .set("deferredUntil", until)
                .set("deferral", reason)
                .inc("deferrals", 1)
                .set("updatedAt", clock.instant()), TouchChanged.Change.DEFERRED, before -> true);
    }

    public void skipped(String key, String reason) {
        change(key, new Update()
                .set("status", TouchStatus.SKIPPED)
                .set("error", reason)
                .set("updatedAt", clock.instant()), TouchChanged.Change.SKIPPED, before -> before.status() != TouchStatus.SKIPPED);
    }

    /** The touch of one step run, by its key. */
    public Optional<Touch> find(String key) {
        return Optional.ofNullable(mongo.findById(key, Touch.class));
    }

    /** The latest touch of a process instance, if any. */
    public Optional<Touch> latestOf(String processInstanceId) {
        Query query = Query.query(where("processInstanceId").is(processInstanceId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt"))
                .limit(1);
        return Optional.ofNullable(mongo.findOne(query, Touch.class));
    }

    /** A prospect's touches, newest first unless the pageable sorts otherwise. */
    public Page<Touch> ofProspect(String prospectId, Pageable pageable) {
        Query query = Query.query(where("prospectId").is(prospectId));
        long total = mongo.count(query, Touch.class);
        return new PageImpl<>(mongo.find(query.with(pageable), Touch.class), pageable, total);
    }
}
