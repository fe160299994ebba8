package com.relance.campaign;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sequence run for a set of prospects, on behalf of a sender.
 *
 * @param sequence    the BPMN process definition key
 * @param callerGroup the group offered the campaign's calls when the prospect has no owner
 */
@Document("campaigns")
public record Campaign(@Id String id,
                       String name,
                       String sequence,
                       Sender sender,
                       String callerGroup,
                       CampaignStatus status,
                       String createdBy,
                       Instant createdAt,
                       Instant updatedAt) {

    /** Who the campaign's messages come from. */
    public record Sender(String name, String email, String signature) {
    }

    public enum CampaignStatus {
        ACTIVE, PAUSED
    }

    Campaign withStatus(CampaignStatus newStatus, Instant now) {
        return new Campaign(id, name, sequence, sender, callerGroup, newStatus, createdBy, createdAt, now);
    }
}
