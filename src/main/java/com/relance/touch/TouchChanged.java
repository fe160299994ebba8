package com.relance.touch;

/**
 * Published by {@link Touches} after a touch really changed state, once per change: a retried step
 * that records the same state again publishes nothing. Listeners run in the caller's thread and must
 * not fail it (counters, metrics).
 *
 * @param touch  the touch as it is after the change
 * @param change what happened to it
 */
public record TouchChanged(Touch touch, Change change) {

    public enum Change {
        /** The touch reached the prospect: an email left, a person recorded an outcome, a call attempt was logged. */
        SENT,
        /** It was deliberately not done. */
        SKIPPED,
        /** An attempt failed (a provider error); published for every failed attempt. */
        FAILED,
        /** A window or a throttle postponed it; published for every deferral, with {@link Touch#deferral()}. */
        DEFERRED,
        /** The telephony reported a call duration different from the one recorded. */
        CALL_DURATION
    }
}
