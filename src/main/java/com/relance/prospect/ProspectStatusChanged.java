package com.relance.prospect;

/** Published when a prospect's status changes, e.g. to {@code UNSUBSCRIBED}. */
public record ProspectStatusChanged(String prospectId, ProspectStatus from, ProspectStatus to, String reason) {
}
