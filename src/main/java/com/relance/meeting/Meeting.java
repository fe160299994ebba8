package com.relance.meeting;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A meeting booked with a prospect, the result prospecting is for.
 *
 * @param bookedBy the caller (user id) who booked it
 * @param startsAt when it takes place
 * @param touchKey the touch (call) it was booked on, which attributes it to a step
 * @param bookingKey {@code <source>:<booking id>} when a scheduling tool reported it through
 *                   {@code POST /webhooks/meetings}: the same booking reported twice is recorded once
 */
@Document("meetings")
@CompoundIndexes({
        @CompoundIndex(name = "campaign_starts", def = "{'campaignId': 1, 'startsAt': 1}"),
        @CompoundIndex(name = "caller_starts", def = "{'bookedBy': 1, 'startsAt': 1}")
})
public record Meeting(@Id String id,
                      String prospectId,
                      String campaignId,
                      String bookedBy,
                      Instant startsAt,
                      int durationMinutes,
                      String notes,
                      String touchKey,
                      Instant createdAt,
                      String bookingKey) {
}
