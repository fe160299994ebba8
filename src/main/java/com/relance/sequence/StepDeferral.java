package com.relance.sequence;

import java.util.Date;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ExceptionUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link StepDeferred} into a postponed job: due at the next allowed moment, retries untouched,
 * no incident; and a {@link StepRejected} into an incident at once (retrying the same input cannot help).
 * Every other failure takes the engine's usual retry path.
 */
@Component
class StepDeferral extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(StepDeferral.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobCommandFactory((jobId, exception) -> {
            StepRejected rejected = cause(exception, StepRejected.class);
            if (rejected != null) {
                return commandContext -> {
                    JobEntity job = commandContext.getJobManager().findJobById(jobId);
                    if (job != null) {
                        job.setLockOwner(null);
                        job.setLockExpirationTime(null);
                        job.setExceptionMessage(rejected.getMessage());
                        job.setExceptionStacktrace(ExceptionUtil.getExceptionStacktrace(exception));
                        // no retry left: the engine raises the incident with the message above
                        job.setRetries(0);
                    }
                    return null;
                };
            }
            StepDeferred deferred = cause(exception, StepDeferred.class);
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

    private static <T extends Throwable> T cause(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
