package com.relance.touch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Records every touch, the one place that does. Each touch is keyed by its step, so channels can ask
 * "did this step already happen?" before repeating a side effect. Every real change of state is published
 * as a {@link TouchChanged} (monitoring counts them); updates that change nothing publish nothing.
 */
@Component
public class Touches {

    private static final String CALLER_HOURS = "caller_hours";
    private static final Duration COUNTED_BACK = Duration.ofDays(2);

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
        return begin(start, null);
    }

    /**
     * {@link #begin(TouchStart)} for a side effect that carries its own reference (an email's Message-ID): a new
     * touch stores {@code providerReference} in the same round trip, one begun by an earlier attempt keeps the
     * reference that attempt stored, so a retry after a crash mid-send reuses it.
     */
    public Touch begin(TouchStart start, String providerReference) {
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
        if (providerReference != null) {
            update.setOnInsert("providerReference", providerReference);
        }
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
        sent(key, null, null);
    }

    /**
     * The side effect happened, in one round trip with what it left to note, each when not null: the
     * provider's reference for it (a LinkedIn action's), what the prospect saw (an email's subject).
     */
    public void sent(String key, String providerReference, String subject) {
        Update update = sentUpdate(providerReference);
        if (subject != null) {
            update.set("subject", subject);
        }
        changeWhile(key, where("status").ne(TouchStatus.SENT), update, TouchChanged.Change.SENT);
    }

    /**
     * A step a provider performed by itself: {@link #sent} with the step's outcome in the same round trip, so the
     * step's end records nothing more.
     */
    public void done(String key, String providerReference, String outcome, String note) {
        changeWhile(key, where("status").ne(TouchStatus.SENT),
                sentUpdate(providerReference).set("outcome", outcome).set("note", note), TouchChanged.Change.SENT);
    }

    private Update sentUpdate(String providerReference) {
        Instant now = clock.instant();
        Update update = new Update()
                .set("status", TouchStatus.SENT)
                .set("sentAt", now)
                .unset("error")
                .set("updatedAt", now);
        if (providerReference != null) {
            update.set("providerReference", providerReference);
        }
        return update;
    }

    public void failed(String key, String error) {
        changeWhile(key, null, new Update()
                .set("status", TouchStatus.FAILED)
                .set("error", error)
                .set("updatedAt", clock.instant()), TouchChanged.Change.FAILED);
    }

    /**
     * Applies the update while the touch meets {@code condition} (null: always), i.e. when it changes something,
     * and publishes and returns the touch as it became. One round trip: the condition is part of a query on {@code _id},
     * which every MongoDB (and the embedded server, see {@code EmbeddedH2Backend}) answers from the unique index.
     */
    private Optional<Touch> changeWhile(String key, Criteria condition, Update update, TouchChanged.Change change) {
        Query query = Query.query(where("_id").is(key));
        if (condition != null) {
            query.addCriteria(condition);
        }
        Touch after = mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Touch.class);
        if (after != null) {
            events.publishEvent(new TouchChanged(after, change));
        }
        return Optional.ofNullable(after);
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
                now, null, null, null, null);
        mongo.insert(attempt);
        if (caller != null) {
            countOutcome(caller, step.channel(), outcome, now);
        }
        events.publishEvent(new TouchChanged(attempt, TouchChanged.Change.SENT));
        // the step's own touch starts afresh for the next attempt
        mongo.updateFirst(Query.query(where("_id").is(stepKey)), new Update().unset("providerReference")
                .set("updatedAt", now), Touch.class);
        return attempt;
    }

    /**
     * How many touches of one channel {@code caller} finished since {@code since} (up to now, at most two
     * days back), by outcome: the console's counters. Read from hourly counters by id, so it costs the same
     * with a million touches as with ten.
     */
    public Map<String, Long> outcomesBy(String caller, Channel channel, Instant since) {
        Instant now = clock.instant();
        Instant from = since.isBefore(now.minus(COUNTED_BACK)) ? now.minus(COUNTED_BACK) : since;
        List<String> ids = new ArrayList<>();
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(now); hour = hour.plus(1, ChronoUnit.HOURS)) {
            ids.add(hourId(caller, channel, hour));
        }
        Map<String, Long> outcomes = new TreeMap<>();
        for (Document hour : mongo.find(Query.query(where("_id").in(ids)), Document.class, CALLER_HOURS)) {
            Document counts = hour.get("outcomes", Document.class);
            counts.forEach((outcome, count) -> outcomes.merge(outcome, ((Number) count).longValue(), Long::sum));
        }
        return outcomes;
    }

    /** Counts a finished touch in its caller's hour (hours are UTC: every time zone's day is whole hours). */
    private void countOutcome(String caller, Channel channel, String outcome, Instant at) {
        mongo.upsert(Query.query(where("_id").is(hourId(caller, channel, at))),
                new Update().inc("outcomes." + outcome, 1).setOnInsert("caller", caller)
                        .setOnInsert("hour", at.truncatedTo(ChronoUnit.HOURS)), CALLER_HOURS);
    }

    private static String hourId(String caller, Channel channel, Instant at) {
        return caller + "|" + channel + "|" + at.truncatedTo(ChronoUnit.HOURS);
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
        changeWhile(key, where("durationSeconds").ne(durationSeconds), new Update()
                .set("durationSeconds", durationSeconds)
                .set("updatedAt", clock.instant()), TouchChanged.Change.CALL_DURATION);
    }

    /**
     * Records what a person reported for a task-based touch (a call, a manual LinkedIn action), counted
     * once for the person even when the same outcome is recorded again (a retried completion).
     */
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
        TouchChanged.Change change = status == TouchStatus.SENT ? TouchChanged.Change.SENT : TouchChanged.Change.SKIPPED;
        // the usual case, a new outcome, in one round trip; a listener run again after a rollback records the
        // same outcome: no second count, and a change only if the status differs
        Optional<Touch> changed = changeWhile(key, where("outcome").ne(outcome), update, change);
        if (changed.isPresent()) {
            if (caller != null) {
                countOutcome(caller, changed.get().channel(), outcome, now);
            }
        } else if (changeWhile(key, where("status").ne(status), update, change).isEmpty()) {
            mongo.updateFirst(Query.query(where("_id").is(key)), update, Touch.class);
        }
    }

    /** Notes that a window or throttle postponed the step; the touch stays pending. */
    public void deferred(String key, Instant until, String reason) {
        changeWhile(key, null, new Update()
                .set("deferredUntil", until)
                .set("deferral", reason)
                .inc("deferrals", 1)
                .set("updatedAt", clock.instant()), TouchChanged.Change.DEFERRED);
    }

    public void skipped(String key, String reason) {
        skipped(key, reason, null);
    }

    /**
     * {@link #skipped(String, String)} for a step that closes itself: its {@code outcome} (with the reason as its
     * note) in the same round trip, so the step's end records nothing more.
     */
    public void skipped(String key, String reason, String outcome) {
        Update update = new Update()
                .set("status", TouchStatus.SKIPPED)
                .set("error", reason)
                .set("updatedAt", clock.instant());
        if (outcome != null) {
            update.set("outcome", outcome).set("note", reason);
        }
        changeWhile(key, where("status").ne(TouchStatus.SKIPPED), update, TouchChanged.Change.SKIPPED);
    }

    /**
     * Records what came back about a touch (a reply, an auto-reply, a bounce), once per message: recording
     * the same Message-ID again changes nothing. Returns whether it was recorded now.
     */
    public boolean replied(String key, Touch.Reply reply) {
        return mongo.updateFirst(Query.query(where("_id").is(key).and("replies.messageId").ne(reply.messageId())),
                new Update().push("replies", reply).set("updatedAt", clock.instant()), Touch.class)
                .getModifiedCount() > 0;
    }

    /** The email touch that went out with this Message-ID, if any. */
    public Optional<Touch> byMessageId(String messageId) {
        return Optional.ofNullable(mongo.findOne(Query.query(where("providerReference").is(messageId)
                .and("channel").is(Channel.EMAIL)), Touch.class));
    }

    /** The last email that went out to one of these prospects before {@code before}, if any. */
    public Optional<Touch> lastEmailTo(Collection<String> prospectIds, Instant before) {
        if (prospectIds.isEmpty()) {
            return Optional.empty();
        }
        Query query = Query.query(where("prospectId").in(prospectIds).and("channel").is(Channel.EMAIL)
                        .and("status").is(TouchStatus.SENT).and("sentAt").lte(before))
                .with(Sort.by(Sort.Direction.DESC, "sentAt"))
                .limit(1);
        return Optional.ofNullable(mongo.findOne(query, Touch.class));
    }

    /** The touch of one step run, by its key. */
    public Optional<Touch> find(String key) {
        return Optional.ofNullable(mongo.findById(key, Touch.class));
    }

    /** The touch a provider knows by this reference (a LinkedIn action's id, a Message-ID), if any. */
    public Optional<Touch> byProviderReference(String providerReference) {
        return Optional.ofNullable(mongo.findOne(Query.query(where("providerReference").is(providerReference)), Touch.class));
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
        List<Touch> page = mongo.find(Query.of(query).with(pageable), Touch.class);
        return PageableExecutionUtils.getPage(page, pageable, () -> mongo.count(query, Touch.class));
    }
}
