package com.relance.channel.phone;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The {@code calls} collection: one record per call placed through Twilio. */
@Component
public class PhoneCalls {

    /** Statuses after which a call changes no more (a late {@code ringing} callback must not revive it). */
    private static final Set<String> FINAL = Set.of("completed", "busy", "no-answer", "failed", "canceled");

    private final MongoTemplate mongo;
    private final Clock clock;

    PhoneCalls(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public Optional<PhoneCall> find(String sid) {
        return Optional.ofNullable(mongo.findById(sid, PhoneCall.class));
    }

    /** The calls placed for a call task's touch, oldest first. */
    public List<PhoneCall> ofTouch(String touchKey) {
        return mongo.find(Query.query(where("touchKey").is(touchKey)).with(Sort.by("createdAt")), PhoneCall.class);
    }

    void placed(String sid, String status, Dialer.CallRequest request) {
        Instant now = clock.instant();
        mongo.insert(new PhoneCall(sid, request.touchKey(), request.taskId(), request.prospectId(), request.campaignId(),
                request.callerUserId(), status, null, null, List.of(), now, now));
    }

    /** Notes a status callback; the call's status follows unless it already ended. */
    void statusReported(String sid, PhoneCall.StatusEvent event) {
        Instant now = clock.instant();
        mongo.updateFirst(Query.query(where("_id").is(sid)), new Update().push("events", event).set("updatedAt", now),
                PhoneCall.class);
        mongo.updateFirst(Query.query(where("_id").is(sid).and("status").nin(FINAL)),
                new Update().set("status", event.status()).set("updatedAt", now), PhoneCall.class);
    }

    void durationReported(String sid, int durationSeconds) {
        mongo.updateFirst(Query.query(where("_id").is(sid)), new Update()
                .set("durationSeconds", durationSeconds)
                .set("updatedAt", clock.instant()), PhoneCall.class);
    }

    void recorded(String sid, String recordingUrl) {
        mongo.updateFirst(Query.query(where("_id").is(sid)), new Update()
                .set("recordingUrl", recordingUrl)
                .set("updatedAt", clock.instant()), PhoneCall.class);
    }
}
