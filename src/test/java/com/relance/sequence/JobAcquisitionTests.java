package com.relance.sequence;

import java.util.List;

import com.relance.test.RelanceTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job executor asks for the soonest due jobs through an index, not for every waiting timer; jobs an earlier
 * version left without a due date are still run.
 */
@RelanceTest
class JobAcquisitionTests {

    @Autowired
    ProcessEngine engine;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SequenceIndexes indexes;

    private ProcessInstance instance;

    @BeforeEach
    void given() {
        repository.createDeployment().addModelInstance("asyncStep.bpmn", Bpmn.createExecutableProcess("asyncStep")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("sendLater").camundaAsyncBefore().camundaExpression("${true}")
                .endEvent()
                .done()).deploy();
        instance = runtime.startProcessInstanceByKey("asyncStep");
    }

    @AfterEach
    void deleteInstance() {
        runtime.deleteProcessInstance(instance.getId(), "test over");
    }

    @Test
    void theAcquisitionReadsTheSoonestDueJobsInDueDateOrderThroughTheIndex() {
        ProcessEngineConfigurationImpl configuration = configuration();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();

        // Job.xml's selectNextJobsToExecute with these two settings: no "or DUEDATE_ is null", ordered by due date
        String plan = jdbc.queryForObject("explain select RES.ID_ from ACT_RU_JOB RES where (RES.RETRIES_ > 0)"
                + " and (RES.DUEDATE_ <= CURRENT_TIMESTAMP) and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < CURRENT_TIMESTAMP)"
                + " and RES.SUSPENSION_STATE_ = 1 order by RES.DUEDATE_ asc fetch first 3 rows only", String.class);

        assertThat(plan).contains("RELANCE_IDX_JOB_DUE");
    }

    @Test
    void anAsyncStepGetsItsCreationTimeAsDueDateAndIsAcquired() {
        Job job = job();

        assertThat(job.getDuedate()).isNotNull();
        assertThat(acquirable()).contains(job.getId());
    }

    @Test
    void aJobAnEarlierVersionLeftWithoutDueDateIsAcquiredOnceTheStartGivesItOne() {
        Job job = job();
        // as jobs were created before ensureJobDueDateNotNull
        jdbc.update("update ACT_RU_JOB set DUEDATE_ = null where ID_ = ?", job.getId());
        assertThat(acquirable()).doesNotContain(job.getId());

        indexes.giveJobsWithoutDueDateOne();

        assertThat(acquirable()).contains(job.getId());
        assertThat(job().getDuedate()).isNotNull();
    }

    private Job job() {
        return management.createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    /** What the job executor's next acquisition would find, without locking anything. */
    private List<String> acquirable() {
        return configuration().getCommandExecutorTxRequired().execute(context ->
                context.getJobManager().findNextJobsToExecute(new Page(0, 10_000)).stream()
                        .map(AcquirableJobEntity::getId).toList());
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }
}
