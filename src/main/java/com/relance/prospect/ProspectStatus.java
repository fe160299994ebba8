package com.relance.prospect;

/** Where a prospect stands; only {@link #ACTIVE} prospects are contacted. */
public enum ProspectStatus {
    ACTIVE, REPLIED, MEETING_BOOKED, UNSUBSCRIBED, BOUNCED, DO_NOT_CONTACT;

    /** Whether sequences may still reach out to a prospect in this status. */
    public boolean contactable() {
        return this == ACTIVE;
    }

    /**
     * Whether this status forbids any further contact on every channel: running sequences end, even
     * those that model the matching message.
     */
    public boolean endsContact() {
        return this == UNSUBSCRIBED || this == BOUNCED || this == DO_NOT_CONTACT;
    }
}
