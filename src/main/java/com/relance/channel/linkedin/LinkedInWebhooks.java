package com.relance.channel.linkedin;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.sequence.Sequences;
import com.relance.system.WebhookSignature;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /webhooks/linkedin}, public and signed ({@link WebhookSignature} with
 * {@code relance.linkedin.webhook-secret}): what the provider saw happen on LinkedIn. The prospect is found by
 * profile URL, else by the provider's reference of one of our actions.
 * <ul>
 * <li>{@code CONNECTION_ACCEPTED}: the message {@code LinkedInConnected} goes to the prospect's running sequences
 * that wait for it;</li>
 * <li>{@code MESSAGE_REPLIED}: the prospect replied, which raises {@code ProspectReplied} (or ends the sequences
 * that do not model it).</li>
 * </ul>
 * Every event is kept in {@code linkedinEvents}, matched or not (202); an {@code eventId} seen before changes nothing.
 */
@RestController
class LinkedInWebhooks {

    static final String CONNECTED_MESSAGE = "LinkedInConnected";
    private static final Logger log = LoggerFactory.getLogger(LinkedInWebhooks.class);
    private static final String EVENTS = "linkedinEvents";

    /** The body the provider posts. */
    record Event(String eventId, String event, String profileUrl, String reference, String text, Instant occurredAt) {
    }

    private final LinkedInProperties properties;
    private final ObjectMapper json;
    private final Prospects prospects;
    private final Touches touches;
    private final Sequences sequences;
    private final MongoTemplate mongo;
    private final Clock clock;

    LinkedInWebhooks(LinkedInProperties properties, ObjectMapper json, Prospects prospects, Touches touches,
                     Sequences sequences, MongoTemplate mongo, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.prospects = prospects;
        this.touches = touches;
        this.sequences = sequences;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostMapping("/webhooks/linkedin")
    ResponseEntity<Map<String, Object>> receive(@RequestBody(required = false) byte[] body,
                                                @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
                                                @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature) {
        byte[] raw = WebhookSignature.verified(properties.webhookSecret(), timestamp, signature, body, clock.instant());
        Event event = parse(raw);
        Document record = new Document("event", event.event()).append("profileUrl", event.profileUrl())
                .append("reference", event.reference()).append("text", event.text())
                .append("occurredAt", event.occurredAt()).append("receivedAt", clock.instant());
        if (event.eventId() != null && !event.eventId().isBlank()) {
            record.append("_id", event.eventId());
        }
        try {
            mongo.insert(record, EVENTS);
        } catch (DuplicateKeyException seen) {
            return ResponseEntity.ok(result("DUPLICATE", null, null));
        }
        Optional<Prospect> prospect = prospect(event);
        if (prospect.isEmpty()) {
            mongo.getCollection(EVENTS).updateOne(new Document("_id", record.get("_id")),
                    new Document("$set", new Document("status", "UNMATCHED")));
            log.info("LinkedIn {} for {} matches no prospect; kept as unmatched", event.event(), event.profileUrl());
            return ResponseEntity.accepted().body(result("UNMATCHED", null, null));
        }
        String prospectId = prospect.get().id();
        Integer correlated = null;
        if ("CONNECTION_ACCEPTED".equals(event.event())) {
            correlated = sequences.correlate(prospectId, CONNECTED_MESSAGE);
            recordConnected(prospectId, event.reference());
        } else {
            prospects.changeStatus(prospectId, ProspectStatus.REPLIED, "linkedin: replied to a message"
                    + (event.text() == null || event.text().isBlank() ? "" : ": " + abbreviate(event.text())));
        }
        mongo.getCollection(EVENTS).updateOne(new Document("_id", record.get("_id")), new Document("$set",
                new Document("status", "MATCHED").append("prospectId", prospectId).append("sequences", correlated)));
        return ResponseEntity.ok(result("MATCHED", prospectId, correlated));
    }

    /**
     * The accepted request's touch (by our action's reference, else the prospect's latest LinkedIn touch)
     * gets the outcome {@code CONNECTED}: the funnel's "LinkedIn connected" stage counts it.
     */
    private void recordConnected(String prospectId, String reference) {
        Optional<Touch> request = blank(reference) ? Optional.empty() : touches.byProviderReference(reference);
        if (request.isEmpty()) {
            request = touches.ofProspect(prospectId, PageRequest.of(0, 20, Sort.by(Sort.Direction.DESC, "createdAt")))
                    .stream().filter(touch -> touch.channel() == Channel.LINKEDIN).findFirst();
        }
        request.ifPresent(touch -> touches.outcome(touch.id(), TouchStatus.SENT, Touch.LINKEDIN_CONNECTED, null, null));
    }

    private Event parse(byte[] raw) {
        Event event;
        try {
            event = json.readValue(raw, Event.class);
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body is not a LinkedIn event: " + e.getMessage());
        }
        if (event == null || !("CONNECTION_ACCEPTED".equals(event.event()) || "MESSAGE_REPLIED".equals(event.event()))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "event: must be CONNECTION_ACCEPTED or MESSAGE_REPLIED");
        }
        if (blank(event.profileUrl()) && blank(event.reference())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "profileUrl: give the prospect's profile URL "
                    + "(or the reference of our action as 'reference')");
        }
        return event;
    }

    private Optional<Prospect> prospect(Event event) {
        Optional<Prospect> byUrl = prospects.findByLinkedinUrl(event.profileUrl());
        if (byUrl.isPresent() || blank(event.reference())) {
            return byUrl;
        }
        return touches.byProviderReference(event.reference()).map(Touch::prospectId).flatMap(prospects::find);
    }

    private static Map<String, Object> result(String status, String prospectId, Integer sequences) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status);
        if (prospectId != null) {
            result.put("prospectId", prospectId);
        }
        if (sequences != null) {
            result.put("sequences", sequences);
        }
        return result;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
