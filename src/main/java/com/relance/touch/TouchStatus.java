package com.relance.touch;

/** Where a touch stands. */
public enum TouchStatus {
    /** Begun: the side effect may be under way. */
    PENDING,
    /** Done: the email left, the action was taken. A retried step never repeats it. */
    SENT,
    /** The last attempt failed; the step will retry (or has become an incident). */
    FAILED,
    /** Deliberately not done, e.g. the prospect unsubscribed meanwhile. */
    SKIPPED;

    public boolean done() {
        return this == SENT || this == SKIPPED;
    }
}
