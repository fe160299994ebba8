package com.relance.meeting;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The meetings booked, in MongoDB. */
@Component
public class Meetings {

    private final MongoTemplate mongo;
    private final Clock clock;

    Meetings(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Records a meeting booked by {@code bookedBy} on a call. */
    public Meeting book(String prospectId, String campaignId, String bookedBy, Instant startsAt, int durationMinutes,
                        String notes, String touchKey) {
        return mongo.insert(new Meeting(null, prospectId, campaignId, bookedBy, startsAt, durationMinutes, notes, touchKey,
                clock.instant(), null));
    }

    /** Records a meeting a scheduling tool reported, under its booking key. */
    Meeting bookFromCalendar(String prospectId, String campaignId, String organiser, Instant startsAt, int durationMinutes,
                             String notes, String bookingKey) {
        return mongo.insert(new Meeting(null, prospectId, campaignId, organiser, startsAt, durationMinutes, notes, null,
                clock.instant(), bookingKey));
    }

    /** Whether a meeting was already recorded for this booking key. */
    boolean hasBooking(String bookingKey) {
        return mongo.exists(Query.query(where("bookingKey").is(bookingKey)), Meeting.class);
    }

    /** Meetings matching every given criterion, soonest first unless the pageable sorts otherwise. */
    public Page<Meeting> search(String campaignId, String bookedBy, String prospectId, Instant from, Instant to,
                                Pageable pageable) {
        List<Criteria> all = new ArrayList<>();
        if (campaignId != null) {
            all.add(where("campaignId").is(campaignId));
        }
        if (bookedBy != null) {
            all.add(where("bookedBy").is(bookedBy));
        }
        if (prospectId != null) {
            all.add(where("prospectId").is(prospectId));
        }
        if (from != null) {
            all.add(where("startsAt").gte(from));
        }
        if (to != null) {
            all.add(where("startsAt").lt(to));
        }
        Query query = Query.query(all.isEmpty() ? new Criteria() : new Criteria().andOperator(all));
        List<Meeting> page = mongo.find(Query.of(query).with(pageable), Meeting.class);
        return PageableExecutionUtils.getPage(page, pageable, () -> mongo.count(query, Meeting.class));
    }

    /** How many meetings {@code bookedBy} booked since {@code since}. */
    public long bookedBy(String bookedBy, Instant since) {
        return mongo.count(Query.query(where("bookedBy").is(bookedBy).and("createdAt").gte(since)), Meeting.class);
    }
}
