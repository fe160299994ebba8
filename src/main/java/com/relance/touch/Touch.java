package com.relance.touch;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One execution of a sequence step towards a prospect: an email, a LinkedIn action, a call.
 *
 * @param id                the idempotency key: process instance, BPMN activity and the how-many-th run of
 *                          that activity, so a retried job finds the touch of its first attempt
 * @param activityId        the BPMN step, e.g. {@code introEmail}
 * @param template          the message template the step rendered
 * @param providerReference what the provider calls it: the email's Message-ID, a call SID
 * @param variant           the A/B variant the prospect was in when this touch happened, if any
 * @param sender            the mailbox or account the touch went out from (throttles count per sender)
 * @param caller            the user who made the call or did the LinkedIn action, for touches done by a person
 * @param durationSeconds   how long the call lasted, when the telephony reports it
 * @param outcome           what came of it when a person did it: a call outcome, a LinkedIn task outcome
 * @param note              what that person wrote about it
 * @param attempts          how many times the step tried
 * @param deferredUntil     when a window or a throttle last postponed the step, until when
 * @param deferral          why it was postponed, e.g. {@code outside the EMAIL window}, {@code daily cap of 50 reached}
 * @param deferrals         how many times it was postponed
 * @param replies           what came back to this email, oldest first: replies, out-of-office and other
 *                          auto-replies, bounces, as the inbox watcher found them (null when nothing came back)
 */
@Document("touches")
@CompoundIndexes({
        @CompoundIndex(name = "prospect_created", def = "{'prospectId': 1, 'createdAt': -1}"),
        @CompoundIndex(name = "campaign_activity", def = "{'campaignId': 1, 'activityId': 1, 'status': 1}"),
        @CompoundIndex(name = "provider_reference", def = "{'providerReference': 1}")
})
public record Touch(@Id String id,
                    String prospectId,
                    String campaignId,
                    String processInstanceId,
                    String activityId,
                    Channel channel,
                    String template,
                    String variant,
                    String sender,
                    TouchStatus status,
                    String caller,
                    Integer durationSeconds,
                    String outcome,
                    String note,
                    String providerReference,
                    String subject,
                    String error,
                    int attempts,
                    Instant createdAt,
                    Instant updatedAt,
                    Instant sentAt,
                    Instant deferredUntil,
                    String deferral,
                    Integer deferrals,
                    List<Reply> replies) {

    /** The outcome a LinkedIn touch gets when the prospect accepts its connection request. */
    public static final String LINKEDIN_CONNECTED = "CONNECTED";

    /**
     * One message that came back about a touch.
     *
     * @param messageId  the message's own Message-ID, so it is recorded once
     * @param from       the address it came from (a colleague's, for an account-level reply)
     * @param snippet    the start of what they wrote (quoted text left out), about 200 characters
     * @param receivedAt when the mailbox received it
     * @param matchedBy  how it was tied to this touch: {@code THREAD} (In-Reply-To/References),
     *                   {@code ADDRESS} (the prospect's address) or {@code DOMAIN} (a colleague at their company)
     * @param detail     what else it says: the return date of an out-of-office, the status of a bounce
     */
    public record Reply(String messageId, Kind kind, String from, String subject, String snippet, Instant receivedAt,
                        String matchedBy, String detail) {

        /** What the message was. */
        public enum Kind {
            /** A person answered: the sequence stops (the prospect is {@code REPLIED}). */
            REPLY,
            /** A person asked not to hear from us again: the prospect is {@code UNSUBSCRIBED}. */
            UNSUBSCRIBE,
            /** An out-of-office or other automatic answer: the sequence goes on (later, if it gives a return date). */
            AUTO_REPLY,
            /** A permanent delivery failure (5.x.x): the prospect is {@code BOUNCED}. */
            BOUNCE,
            /** A temporary delivery failure (4.x.x): recorded, the sequence goes on. */
            SOFT_BOUNCE
        }
    }
}
