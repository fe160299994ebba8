package com.relance.test;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;

/** Drives the engine from tests: executes due jobs and moves the clock, never sleeps. */
public final class Engine {

    private Engine() {
    }

    /** Executes every due job of the engine (and the jobs they create) until none is left; returns how many ran. */
    public static int executeDueJobs(ManagementService management) {
        int executed = 0;
        for (int round = 0; round < 100; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return executed;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
                executed++;
            }
        }
        throw new IllegalStateException("Jobs keep coming after 100 rounds");
    }

    /**
     * Executes the due jobs of one campaign's instances until none is left: tests share one engine, so
     * they leave each other's instances alone.
     */
    public static int executeDueJobs(ManagementService management, RuntimeService runtime, String campaignId) {
        int executed = 0;
        for (int round = 0; round < 100; round++) {
            List<Job> due = runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%").list()
                    .stream()
                    .flatMap(instance -> management.createJobQuery().processInstanceId(instance.getId()).executable()
                            .list().stream())
                    .toList();
            if (due.isEmpty()) {
                return executed;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
                executed++;
            }
        }
        throw new IllegalStateException("Jobs keep coming after 100 rounds");
    }

    /** Executes one job and returns the exception it failed with, or null. */
    public static RuntimeException tryExecute(ManagementService management, Job job) {
        try {
            management.executeJob(job.getId());
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Freezes the engine clock the given duration after now (or after the time it is frozen at). */
    public static void moveClock(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
    }

    public static void resetClock() {
        ClockUtil.reset();
    }
}
