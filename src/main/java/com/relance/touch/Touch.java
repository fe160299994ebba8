package com.relance.touch;

import java.time.Instant;

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
                    Integer deferrals) {
}
