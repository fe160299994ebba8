package com.relance.bench;

import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** One engine under test: its simulated clock, its job executor, and the settings it runs with. */
final class Engine {

    private final ProcessEngine engine;
    private final ApplicationContext app;

    Engine(ApplicationContext app) {
        this.app = app;
        this.engine = app.getBean(ProcessEngine.class);
    }

    ProcessEngine engine() {
        return engine;
    }

    ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    JobExecutor jobExecutor() {
        return configuration().getJobExecutor();
    }

    /** Freezes the engine clock at now: timers fire only when the harness moves it. */
    static void freezeClock() {
        ClockUtil.setCurrentTime(new Date());
    }

    static void moveClock(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
    }

    static void resetClock() {
        ClockUtil.reset();
    }

    long openIncidents() {
        return engine.getRuntimeService().createIncidentQuery().count();
    }

    long failingJobs() {
        return engine.getManagementService().createJobQuery().withException().count();
    }

    String firstJobFailure() {
        var jobs = engine.getManagementService().createJobQuery().withException().listPage(0, 1);
        return jobs.isEmpty() ? null : jobs.get(0).getExceptionMessage();
    }

    /** The most job threads the pool has had at once since the engine started (its maximum is a setting). */
    int jobThreadsAtMost() {
        return jobPool().map(pool -> pool.getThreadPoolExecutor().getLargestPoolSize()).orElse(-1);
    }

    /** The job executor's thread pool, the starter's bean named after Camunda. */
    private Optional<ThreadPoolTaskExecutor> jobPool() {
        return app.getBeansOfType(ThreadPoolTaskExecutor.class).entrySet().stream()
                .filter(e -> e.getKey().toLowerCase().contains("camunda"))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** History level, job executor pool and acquisition, JDBC batching: what the figures were measured with. */
    Map<String, Object> settings() {
        ProcessEngineConfigurationImpl c = configuration();
        JobExecutor executor = c.getJobExecutor();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("history_level", c.getHistoryLevel().getName());
        settings.put("jdbc_batch_processing", c.isJdbcBatchProcessing());
        settings.put("job_executor_max_jobs_per_acquisition", executor.getMaxJobsPerAcquisition());
        settings.put("job_executor_wait_time_ms", executor.getWaitTimeInMillis());
        settings.put("job_executor_max_wait_ms", executor.getMaxWait());
        settings.put("job_executor_lock_time_ms", executor.getLockTimeInMillis());
        settings.put("job_executor_prefer_timer_jobs", c.isJobExecutorPreferTimerJobs());
        settings.put("job_executor_acquire_by_due_date", c.isJobExecutorAcquireByDueDate());
        settings.put("job_executor_acquire_by_priority", c.isJobExecutorAcquireByPriority());
        jobPool().ifPresent(pool -> {
            settings.put("job_executor_core_pool_size", pool.getCorePoolSize());
            settings.put("job_executor_max_pool_size", pool.getMaxPoolSize());
            settings.put("job_executor_queue_capacity", pool.getQueueCapacity());
        });
        return settings;
    }
}
