package com.relance.sequence;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The key of an open task's run, as the console and the telephony compute it from the task's variables. */
class StepRunTests {

    @Test
    void aTaskOfAStepNeverRunBeforeIsItsFirstRun() {
        assertThat(StepRun.keyOfTask("p1", "coldCall", Map.of())).isEqualTo("p1:coldCall:1");
        assertThat(StepRun.keyOfTask("p1", "coldCall", Map.of(StepRun.RUNS, "introEmail=1;connect=1")))
                .isEqualTo("p1:coldCall:1");
    }

    @Test
    void aTaskOfAStepTheSequenceCameBackToIsTheRunAfterTheCommittedOnes() {
        assertThat(StepRun.keyOfTask("p1", "coldCall", Map.of(StepRun.RUNS, "introEmail=1;coldCall=2;call=7")))
                .isEqualTo("p1:coldCall:3");
        // a step whose id another one's starts with is not confused with it
        assertThat(StepRun.keyOfTask("p1", "call", Map.of(StepRun.RUNS, "callBack=4;coldCall=2")))
                .isEqualTo("p1:call:1");
    }

    @Test
    void aSequenceStartedByAnEarlierVersionIsReadAsItWasStored() {
        assertThat(StepRun.keyOfTask("p1", "coldCall", Map.of(StepRun.RUNS_PREFIX + "coldCall", 1)))
                .isEqualTo("p1:coldCall:2");
        // the key an earlier version left with an earlier task is not this task's
        Map<String, Object> stored = new HashMap<>();
        stored.put(StepRun.TOUCH_KEY, "p1:connect:1");
        stored.put(StepRun.RUNS_PREFIX + "connect", 1);
        assertThat(StepRun.keyOfTask("p1", "coldCall", stored)).isEqualTo("p1:coldCall:1");
    }
}
