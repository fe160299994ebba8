package com.relance.campaign;

import java.time.Instant;

/** Published once when a prospect's sequence has started in a campaign. */
public record ProspectEnrolled(String campaignId, String prospectId, String processInstanceId, Instant at) {
}
