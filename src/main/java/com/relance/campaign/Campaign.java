package com.relance.campaign;

import java.time.Instant;

import com.relance.calendar.WindowSettings;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sequence run for a set of prospects, on behalf of a sender.
 *
 * @param sequence    the BPMN process definition key
 * @param callerGroup  the group offered the campaign's calls when the prospect has no owner
 * @param accountLevel what a reply or meeting from one prospect does to their colleagues' sequences
 *                     (same company) in this campaign
 * @param windows      this campaign's contact windows; null fields use {@code relance.windows.*}
 * @param callerId     the number (E.164) prospects see when called through Twilio; null uses
 *                     {@code relance.twilio.caller-id}
 * @param recordCalls  whether Twilio records this campaign's calls (after the recording notice); null uses
 *                     {@code relance.twilio.record-calls}
 * @param linkedinMode how the campaign's LinkedIn steps are done; null is {@link LinkedInMode#MANUAL}
 */
@Document("campaigns")
public record Campaign(@Id String id,
                       String name,
                       String sequence,
                       Sender sender,
                       String callerGroup,
                       AccountLevel accountLevel,
                       WindowSettings windows,
                       CampaignStatus status,
                       String createdBy,
                       Instant createdAt,
                       Instant updatedAt,
                       String callerId,
                       Boolean recordCalls,
                       LinkedInMode linkedinMode) {

    /**
     * Who the campaign's messages come from.
     *
     * @param dailyCap emails this mailbox may send per day, all campaigns together; null uses
     *                 {@code relance.throttles.emails-per-day}
     */
    public record Sender(String name, String email, String signature, Integer dailyCap) {
    }

    public enum CampaignStatus {
        ACTIVE, PAUSED
    }

    /** Account-based stop rule: leave colleagues alone, pause their sequences, or end them. */
    public enum AccountLevel {
        NONE, PAUSE, END
    }

    /**
     * How LinkedIn steps are done: {@code MANUAL} (the default, the only one within LinkedIn's user agreement)
     * gives the prospect's owner a task; {@code PROVIDER} calls {@code relance.linkedin.provider-url}.
     */
    public enum LinkedInMode {
        MANUAL, PROVIDER
    }

    /** This campaign's LinkedIn mode, {@code MANUAL} when it does not say. */
    public LinkedInMode linkedin() {
        return linkedinMode == null ? LinkedInMode.MANUAL : linkedinMode;
    }

    Campaign withStatus(CampaignStatus newStatus, Instant now) {
        return new Campaign(id, name, sequence, sender, callerGroup, accountLevel, windows, newStatus, createdBy,
                createdAt, now, callerId, recordCalls, linkedinMode);
    }
}
