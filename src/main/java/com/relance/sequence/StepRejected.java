package com.relance.sequence;

/**
 * Thrown by a step whose input can never succeed (a LinkedIn note over the limit once rendered): the step's
 * job becomes an incident at once, with this message, instead of being retried with the same input.
 */
public class StepRejected extends RuntimeException {

    public StepRejected(String message) {
        super(message);
    }
}
