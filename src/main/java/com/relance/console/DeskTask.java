package com.relance.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.relance.prospect.ProspectSummary;

/**
 * A call or LinkedIn task as the console lists it.
 *
 * @param kind     {@code CALL} or {@code LINKEDIN}
 * @param prospect who the task is about; null when the prospect was deleted
 */
public record DeskTask(String id, String kind, String name, Instant due, int priority, boolean overdue, ProspectSummary prospect,
                String campaignName) {

    /** The time at the prospect, for a caller deciding whether to call now. */
    public ZonedDateTime prospectLocalTime(Instant now) {
        String zone = prospect == null || prospect.timeZone() == null ? "Europe/Paris" : prospect.timeZone();
        return now.atZone(ZoneId.of(zone));
    }

    public boolean call() {
        return "CALL".equals(kind);
    }
}
