package com.relance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * What the harness observes inside an engine, the same way for Relance and for the baseline: every
 * activity instance that completes (counted when its transaction commits), every job executed, and every
 * user task created (handed to the simulated owners and callers once committed). Added to each deployed
 * process by a parse listener; it costs a counter increment per activity.
 */
final class Probe extends AbstractProcessEnginePlugin {

    /** A user task as the simulated person sees it once its transaction committed. */
    record OpenTask(String id, String taskDefinitionKey, String assignee, String processInstanceId, long createdMillis) {
    }

    private final Map<String, LongAdder> ended = new ConcurrentHashMap<>();
    private final LongAdder activitiesEnded = new LongAdder();
    private final LongAdder jobsExecuted = new LongAdder();
    private final Map<String, LongAdder> jobFailures = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<OpenTask>> openTasks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tasksCreated = new ConcurrentHashMap<>();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> parseListeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        parseListeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
                for (ProcessDefinitionEntity definition : processDefinitions) {
                    instrument(definition.getKey(), definition);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(parseListeners);

        List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        interceptors.add(new CommandInterceptor() {
            @Override
            public <T> T execute(Command<T> command) {
                try {
                    T result = next.execute(command);
                    if (command instanceof ExecuteJobsCmd) {
                        jobsExecuted.increment();
                    }
                    return result;
                } catch (RuntimeException e) {
                    if (command instanceof ExecuteJobsCmd) {
                        // an attempt rolled back (an optimistic locking conflict, a deferral, a failure): done again later
                        jobFailures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                    }
                    throw e;
                }
            }
        });
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    private void instrument(String processKey, ScopeImpl scope) {
        for (ActivityImpl activity : scope.getActivities()) {
            String name = processKey + "." + activity.getId();
            LongAdder counter = ended.computeIfAbsent(name, n -> new LongAdder());
            activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> {
                if (execution.isCanceled()) {
                    return;
                }
                afterCommit(() -> {
                    counter.increment();
                    activitiesEnded.increment();
                });
            });
            if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
                String taskKey = activity.getId();
                BlockingQueue<OpenTask> queue = openTasks.computeIfAbsent(taskKey, k -> new LinkedBlockingQueue<>());
                LongAdder created = tasksCreated.computeIfAbsent(taskKey, k -> new LongAdder());
                userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, task -> {
                    OpenTask open = new OpenTask(task.getId(), taskKey, task.getAssignee(), task.getProcessInstanceId(),
                            System.currentTimeMillis());
                    afterCommit(() -> {
                        queue.add(open);
                        created.increment();
                    });
                });
            }
            instrument(processKey, activity);
        }
    }

    private static void afterCommit(Runnable action) {
        Context.getCommandContext().getTransactionContext()
                .addTransactionListener(TransactionState.COMMITTED, commandContext -> action.run());
    }

    /** Completed instances of this activity, e.g. {@code benchEightSteps.introEmail}. */
    long ended(String processKey, String activityId) {
        LongAdder counter = ended.get(processKey + "." + activityId);
        return counter == null ? 0 : counter.sum();
    }

    long activitiesEnded() {
        return activitiesEnded.sum();
    }

    /** Job attempts that threw, by exception class, since the engine started. */
    Map<String, Long> jobFailures() {
        Map<String, Long> copy = new TreeMap<>();
        jobFailures.forEach((name, count) -> copy.put(name, count.sum()));
        return copy;
    }

    long jobsExecuted() {
        return jobsExecuted.sum();
    }

    long tasksCreated(String taskDefinitionKey) {
        LongAdder created = tasksCreated.get(taskDefinitionKey);
        return created == null ? 0 : created.sum();
    }

    BlockingQueue<OpenTask> openTasks(String taskDefinitionKey) {
        return openTasks.computeIfAbsent(taskDefinitionKey, k -> new LinkedBlockingQueue<>());
    }
}
