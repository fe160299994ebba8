package com.relance.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.annotation.Bean;

/**
 * Beans that test sequences use to simulate failures. {@link RelanceTest} imports it; unannotated, it is never
 * picked up by component scanning, and its bean methods are not proxied.
 */
public class SimulatedFailures {

    /** Prospects whose sequence refuses to start (a start listener throws). */
    public static final Set<String> REFUSED_STARTS = ConcurrentHashMap.newKeySet();

    /** Process instances whose step already failed once. */
    public static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    /**
     * An end listener that fails the first time per process instance: the step's side effect has
     * happened, then the transaction rolls back, as when a node dies before committing.
     */
    @Bean
    ExecutionListener failOnceAfterStep() {
        return execution -> {
            if (FAILED_ONCE.add(execution.getProcessInstanceId())) {
                throw new IllegalStateException("Simulated crash after the step's side effect");
            }
        };
    }

    /** A start listener that fails the start of the prospects in {@link #REFUSED_STARTS}. */
    @Bean
    ExecutionListener refuseStart() {
        return execution -> {
            if (REFUSED_STARTS.contains((String) execution.getVariable("prospectId"))) {
                throw new IllegalStateException("Simulated start failure");
            }
        };
    }
}
