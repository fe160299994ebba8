package com.relance.channel.phone;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One call placed through Twilio for a call task, kept up to date by Twilio's status callbacks.
 *
 * @param id               Twilio's call SID ({@code CA...})
 * @param touchKey         the call task's touch
 * @param status           Twilio's latest call status: {@code queued}, {@code initiated}, {@code ringing},
 *                         {@code in-progress}, then one of {@code completed}, {@code busy}, {@code no-answer},
 *                         {@code failed}, {@code canceled}
 * @param durationSeconds  how long the call lasted, once {@code completed}
 * @param recordingUrl     where Twilio keeps the recording, when the campaign records calls
 * @param events           every status callback, in the order they arrived
 */
@Document("calls")
public record PhoneCall(@Id String id,
                        @Indexed String touchKey,
                        String taskId,
                        String prospectId,
                        String campaignId,
                        String caller,
                        String status,
                        Integer durationSeconds,
                        String recordingUrl,
                        List<StatusEvent> events,
                        Instant createdAt,
                        Instant updatedAt) {

    /**
     * @param status         the status Twilio reported
     * @param at             when it happened, by Twilio's clock when it says so
     * @param sequenceNumber Twilio's order of the callbacks of this call, when given
     */
    public record StatusEvent(String status, Instant at, Integer sequenceNumber) {
    }
}
