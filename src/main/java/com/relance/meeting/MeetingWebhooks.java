package com.relance.meeting;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.system.WebhookSignature;
import com.relance.touch.Touch;
import com.relance.touch.Touches;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * {@code POST /webhooks/meetings}, public and signed ({@link WebhookSignature} with
 * {@code relance.meetings.webhook-secret}): a booking from a scheduling tool. The invitee's email finds the
 * prospect; the meeting is recorded (attributed to the campaign that touched the prospect last) and the
 * prospect becomes {@code MEETING_BOOKED}, which raises {@code MeetingBooked} in their sequences. A booking
 * whose email matches no prospect is kept in {@code unmatchedBookings} (202), never dropped. A booking id seen
 * before (per source) records nothing new.
 */
@RestController
class MeetingWebhooks {

    static final String UNMATCHED = "unmatchedBookings";

    /** The body a scheduling tool posts. */
    record Booking(String bookingId, String inviteeEmail, OffsetDateTime startTime, Integer durationMinutes,
                   String organiser, String source) {
    }

    private final MeetingProperties properties;
    private final ObjectMapper json;
    private final Prospects prospects;
    private final Touches touches;
    private final Meetings meetings;
    private final MongoTemplate mongo;
    private final Clock clock;

    MeetingWebhooks(MeetingProperties properties, ObjectMapper json, Prospects prospects, Touches touches,
                    Meetings meetings, MongoTemplate mongo, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.prospects = prospects;
        this.touches = touches;
        this.meetings = meetings;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostMapping("/webhooks/meetings")
    ResponseEntity<Map<String, Object>> receive(@RequestBody(required = false) byte[] body,
                                                @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
                                                @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature) {
        byte[] raw = WebhookSignature.verified(properties.webhookSecret(), timestamp, signature, body, clock.instant());
        Booking booking = parse(raw);
        String source = booking.source() == null || booking.source().isBlank() ? "unknown" : booking.source().trim();
        String key = booking.bookingId() == null || booking.bookingId().isBlank() ? null : source + ":" + booking.bookingId().trim();
        if (key != null && (meetings.hasBooking(key) || mongo.exists(Query.query(where("_id").is(key)), UNMATCHED))) {
            return ResponseEntity.ok(Map.of("status", "DUPLICATE"));
        }
        int duration = booking.durationMinutes() == null || booking.durationMinutes() <= 0
                ? properties.defaultDurationMinutes() : booking.durationMinutes();
        Optional<Prospect> prospect = prospects.findByEmail(booking.inviteeEmail());
        if (prospect.isEmpty()) {
            try {
                mongo.insert(new Document("_id", key == null ? UUID.randomUUID().toString() : key)
                        .append("bookingId", booking.bookingId()).append("inviteeEmail", booking.inviteeEmail())
                        .append("startsAt", booking.startTime().toInstant()).append("durationMinutes", duration)
                        .append("organiser", booking.organiser()).append("source", source)
                        .append("receivedAt", clock.instant()), UNMATCHED);
            } catch (DuplicateKeyException sameBookingMeanwhile) {
                return ResponseEntity.ok(Map.of("status", "DUPLICATE"));
            }
            return ResponseEntity.accepted().body(Map.of("status", "UNMATCHED"));
        }
        String prospectId = prospect.get().id();
        String campaignId = touches.ofProspect(prospectId, PageRequest.of(0, 1, Sort.by(Sort.Direction.DESC, "createdAt")))
                .stream().findFirst().map(Touch::campaignId).orElse(null);
        Meeting meeting = meetings.bookFromCalendar(prospectId, campaignId, booking.organiser(),
                booking.startTime().toInstant(), duration, "booked through " + source, key);
        prospects.changeStatus(prospectId, ProspectStatus.MEETING_BOOKED, "meeting booked through " + source
                + (booking.organiser() == null ? "" : " with " + booking.organiser()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "MATCHED");
        result.put("prospectId", prospectId);
        result.put("meetingId", meeting.id());
        return ResponseEntity.ok(result);
    }

    private Booking parse(byte[] raw) {
        Booking booking;
        try {
            booking = json.readValue(raw, Booking.class);
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body is not a booking: " + e.getMessage());
        }
        if (booking == null || booking.inviteeEmail() == null || !booking.inviteeEmail().contains("@")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "inviteeEmail: give the invitee's email address");
        }
        if (booking.startTime() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "startTime: give the meeting's start, ISO 8601 with an offset, e.g. 2026-12-01T10:00:00+01:00");
        }
        return booking;
    }
}
