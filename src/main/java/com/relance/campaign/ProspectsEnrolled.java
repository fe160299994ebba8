package com.relance.campaign;

import java.time.Instant;
import java.util.List;

/**
 * Published once per enrollment batch, after the sequences of these prospects started in a campaign (a
 * batch of up to {@code relance.campaigns.enrollment-batch-size}: listeners write once per batch, not once
 * per prospect).
 */
public record ProspectsEnrolled(String campaignId, List<String> prospectIds, Instant at) {
}
