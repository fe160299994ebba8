package com.relance.channel.linkedin;

import java.util.Optional;

import com.relance.channel.ThrottleProperties;

/**
 * The LinkedIn actions that count against a sender account's quota, manual or through the provider alike:
 * profile visits per day, connection requests over a rolling 7 days.
 */
public enum LinkedInQuota {
    PROFILE_VISITS("linkedin-visit", 1, "profile visits a day"),
    CONNECTION_REQUESTS("linkedin-connect", 7, "connection requests a week");

    private final String kind;
    private final int days;
    private final String unit;

    LinkedInQuota(String kind, int days, String unit) {
        this.kind = kind;
        this.days = days;
        this.unit = unit;
    }

    /** The quota a step's {@code action} input counts against; messages and InMails have none. */
    public static Optional<LinkedInQuota> of(Object action) {
        if ("VISIT_PROFILE".equals(action)) {
            return Optional.of(PROFILE_VISITS);
        }
        if ("CONNECTION_REQUEST".equals(action)) {
            return Optional.of(CONNECTION_REQUESTS);
        }
        return Optional.empty();
    }

    /** The key {@link com.relance.channel.SenderQuotas} counts under. */
    public String kind() {
        return kind;
    }

    /** 1 for a daily cap, 7 for a rolling week. */
    public int days() {
        return days;
    }

    public int cap(ThrottleProperties throttles) {
        return this == PROFILE_VISITS ? throttles.linkedinProfileVisitsPerDay() : throttles.linkedinConnectionRequestsPerWeek();
    }

    /** Why a step waits, e.g. {@code LinkedIn quota of 80 profile visits a day reached for cole}. */
    public String reached(ThrottleProperties throttles, String account) {
        return "LinkedIn quota of " + cap(throttles) + " " + unit + " reached for " + account;
    }
}
