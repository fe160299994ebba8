package com.relance.sequence;

import java.util.Date;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link StepDeferred} into a postponed job: due at the next allowed moment, retries untouched,
 * no incident. Every other failure takes the engine's usual retry path.
 */
@Component
class StepDeferral extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(StepDeferral.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobCommandFactory((jobId, exception) -> {
            StepDeferred deferred = deferral(exception);
            if (deferred == null) {
                return new DefaultJobRetryCmd(jobId, exception);
            }
            return commandContext -> {
                JobEntity job = commandContext.getJobManager().findJobById(jobId);
                if (job != null) {
                    job.setDuedate(Date.from(deferred.until()));
                    job.setLockOwner(null);
                    job.setLockExpirationTime(null);
                    log.debug("Job {} postponed: {}", jobId, deferred.getMessage());
                }
                return null;
            };
        });
    }

    private static StepDeferred deferral(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof StepDeferred deferred) {
                return deferred;
            }
        }
        return null;
    }
}
