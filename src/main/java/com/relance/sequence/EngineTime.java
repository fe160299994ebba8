package com.relance.sequence;

import java.time.Instant;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The engine's notion of now: what timers and job due dates are measured against. Tests and the
 * benchmark move it to run sequences in simulated time, so steps compute their dates from it.
 */
public final class EngineTime {

    private EngineTime() {
    }

    public static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
