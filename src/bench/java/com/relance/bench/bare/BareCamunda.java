package com.relance.bench.bare;

import java.time.Duration;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The baseline: Camunda's Spring Boot starter on the same database and engine settings (it reads the
 * same application.yml), with no-op steps. No Relance bean, no MongoDB, no rendering, no SMTP. No
 * component scan: only the beans below.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = {MongoAutoConfiguration.class, MongoDataAutoConfiguration.class,
        MongoRepositoriesAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
public class BareCamunda {

    /** An email step that sends nothing. */
    @Bean
    JavaDelegate bareStep() {
        return execution -> {
        };
    }

    /** A task touch that records nothing. */
    @Bean
    ExecutionListener bareListener() {
        return execution -> {
        };
    }

    /** A LinkedIn step in provider mode: done as soon as its task exists, with no provider call. */
    @Bean
    TaskListener bareProviderDone() {
        return task -> {
            task.setVariable("linkedinOutcome", "DONE");
            task.complete();
        };
    }

    @Bean
    BareRouting bareRouting() {
        return new BareRouting();
    }

    /** Dates for the user tasks and the wait timer, from the engine clock and nothing else. */
    public static class BareRouting {
        public Date now() {
            return ClockUtil.getCurrentTime();
        }

        public Date until(DelegateExecution execution) {
            int days = Integer.parseInt(String.valueOf(execution.getVariable("waitAmount")).trim());
            return Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(days)));
        }
    }
}
