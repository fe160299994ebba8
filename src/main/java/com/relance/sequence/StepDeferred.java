package com.relance.sequence;

import java.time.Instant;

/**
 * Thrown by a step that may not run now (outside its contact window, over a sender's daily cap): the
 * engine postpones the step's job to {@code until} without using up a retry or raising an incident.
 */
public class StepDeferred extends RuntimeException {

    private final transient Instant until;

    public StepDeferred(Instant until, String reason) {
        super("Step deferred until " + until + ": " + reason, null, false, false);
        this.until = until;
    }

    /** Why a step waits when the prospect's out-of-office reply said they are away until {@code until}. */
    public static String outOfOffice(Instant until) {
        return "the prospect is out of office until " + until;
    }

    public Instant until() {
        return until;
    }
}
