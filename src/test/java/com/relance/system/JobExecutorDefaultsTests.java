package com.relance.system;

import com.relance.test.RelanceTest;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The job executor's pool as application.yml sets it up (the tests themselves run jobs by hand). */
@RelanceTest
class JobExecutorDefaultsTests {

    @Autowired
    CamundaBpmProperties camunda;

    @Test
    void stepsRunOnAFixedPoolOfSixThreads() {
        JobExecutionProperty jobs = camunda.getJobExecution();

        assertThat(jobs.getCorePoolSize()).as("the starter's own is 3").isEqualTo(6);
        assertThat(jobs.getMaxPoolSize()).as("the starter's own is 10: more threads than the cores can feed").isEqualTo(6);
        assertThat(jobs.getQueueCapacity()).as("the starter's own is 3").isEqualTo(6);
    }
}
