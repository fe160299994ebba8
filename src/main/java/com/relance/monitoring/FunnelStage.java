package com.relance.monitoring;

import java.util.Locale;

/** A campaign's funnel, in order. Each stage counts prospects, each prospect once per campaign. */
public enum FunnelStage {
    ENROLLED,
    /** Now: sequences still running (not filtered by dates). */
    IN_PROGRESS,
    EMAILED,
    LINKEDIN_CONNECTED,
    CALLED,
    /** A call connected: an outcome where the caller spoke to the prospect. */
    REACHED,
    REPLIED,
    MEETINGS,
    QUALIFIED_LEADS,
    UNSUBSCRIBED,
    BOUNCED,
    /** Now: enrolled sequences that have ended (not filtered by dates). */
    FINISHED;

    /** The name in JSON and CSV, e.g. {@code linkedin_connected}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the stage is counted as it happens (dated), rather than read from the engine now. */
    boolean dated() {
        return this != IN_PROGRESS && this != FINISHED;
    }
}
