package com.relance.sequence;

import java.sql.Timestamp;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes Camunda's schema lacks, added to the engine's database at start. Additive and named apart from
 * Camunda's, so the engine's own schema updates are not affected.
 * <ul>
 * <li>Event subscriptions by process instance. A reply, a meeting or a LinkedIn acceptance asks whether each of
 * the prospect's sequences waits for that message ({@link Sequences#waitsFor}); without it the question reads
 * every subscription of that message name, one per running sequence, so a reply took seconds at 100,000
 * prospects.</li>
 * <li>Tasks by parent task. Completing any task asks the engine for its sub-tasks, which read every open task
 * without it: at 95,000 open calls, a caller's outcome took some 30 ms of scanning (the calls of 100,000
 * prospects went at 30 a second instead of 90).</li>
 * <li>Jobs by due date, for acquisition by due date ({@code jobExecutorAcquireByDueDate} and
 * {@code ensureJobDueDateNotNull} in {@code application.yml}): the stock acquisition asks for jobs due or without
 * a due date, unordered, and read past every waiting timer at each acquisition (a quarter of a core, and the
 * calls of 100,000 prospects slowing from 70 a second to 30, as break-up timers piled up).</li>
 * </ul>
 */
@Component
class SequenceIndexes extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(SequenceIndexes.class);

    private final JdbcTemplate jdbc;

    SequenceIndexes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        jdbc.execute("create index if not exists RELANCE_IDX_EVENT_SUBSCR_PROC"
                + " on ACT_RU_EVENT_SUBSCR (PROC_INST_ID_, EVENT_TYPE_, EVENT_NAME_)");
        jdbc.execute("create index if not exists RELANCE_IDX_TASK_PARENT on ACT_RU_TASK (PARENT_TASK_ID_)");
        jdbc.execute("create index if not exists RELANCE_IDX_JOB_DUE on ACT_RU_JOB (DUEDATE_)");
        if (((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).isEnsureJobDueDateNotNull()) {
            giveJobsWithoutDueDateOne();
        }
    }

    /** Runs before the job executor starts: no job is locked or executed meanwhile on this node. */
    void giveJobsWithoutDueDateOne() {
        int updated = jdbc.update("update ACT_RU_JOB set DUEDATE_ = ? where DUEDATE_ is null",
                new Timestamp(ClockUtil.getCurrentTime().getTime()));
        if (updated > 0) {
            log.info("{} jobs created without a due date (before ensureJobDueDateNotNull) are due now", updated);
        }
    }
}
