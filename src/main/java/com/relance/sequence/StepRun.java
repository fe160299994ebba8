package com.relance.sequence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * One run of a sequence step for a prospect, with a key that stays the same when the engine retries
 * the step (a failed job, a crashed node) and changes when a loop comes back to it. Channels use the
 * key to perform each side effect once.
 *
 * <p>{@code variant} is the prospect's A/B variant when an earlier split chose one.
 *
 * <p>The key is {@code <processInstanceId>:<activityId>:<run>}; {@code run} counts the committed runs
 * of the activity in a process variable, which rolls back with a failed attempt.
 */
public record StepRun(String key, String prospectId, String campaignId, String processInstanceId, String activityId,
                      String variant) {

    /**
     * The committed runs of the steps the job executor completes, in one string variable
     * ({@code introEmail=1;connectionRequest=2}): one row inserted per sequence and updated by each step, where
     * a variable per step cost a row inserted and one deleted each, with all their index entries. Jobs of one
     * instance run one at a time (they are exclusive), so the row is never written by two at once. Activity
     * ids (XML names) hold neither separator.
     */
    static final String RUNS = "stepRuns";

    /**
     * A step's own counter: for steps completed in a person's transaction (a call task's outcome), which may run
     * beside a job of the same instance and must not write the same row, and as earlier versions kept every
     * step's. Once a step has one, it is the one counted on.
     */
    static final String RUNS_PREFIX = "stepRuns_";

    // well under the 4,000 characters a string variable holds in the engine's tables; past it, a step gets its own
    private static final int RUNS_LENGTH_LIMIT = 3_500;

    /**
     * A task step's {@link #key()} as earlier versions stored it with the task (a variable that could outlive its
     * task); {@link #keyOfTask} computes the same key from the counters instead.
     */
    static final String TOUCH_KEY = "touchKey";

    public static StepRun of(DelegateExecution execution) {
        String activityId = execution.getCurrentActivityId();
        int run = runs(execution.getProcessInstance()::getVariable, activityId) + 1;
        return new StepRun(execution.getProcessInstanceId() + ":" + activityId + ":" + run,
                (String) execution.getVariable(Sequences.PROSPECT_ID),
                (String) execution.getVariable(Sequences.CAMPAIGN_ID),
                execution.getProcessInstanceId(), activityId,
                (String) execution.getVariable(AbSplitStep.VARIANT));
    }

    /** Marks this run as done; commits with the step's transaction. */
    public void complete(DelegateExecution execution) {
        VariableScope instance = execution.getProcessInstance();
        int done = runs(instance::getVariable, activityId) + 1;
        if (instance.getVariable(RUNS_PREFIX + activityId) != null || !inJob()) {
            instance.setVariable(RUNS_PREFIX + activityId, done);
            return;
        }
        Map<String, Integer> runs = parse(instance.getVariable(RUNS));
        runs.put(activityId, done);
        String updated = format(runs);
        if (updated.length() > RUNS_LENGTH_LIMIT) {
            instance.setVariable(RUNS_PREFIX + activityId, done);
        } else {
            instance.setVariable(RUNS, updated);
        }
    }

    private static boolean inJob() {
        CommandContext context = Context.getCommandContext();
        return context != null && context.getCurrentJob() != null;
    }

    /** The variables {@link #keyOfTask} reads, for a task of the step {@code activityId}. */
    public static List<String> taskVariables(String activityId) {
        return List.of(RUNS, RUNS_PREFIX + activityId);
    }

    /**
     * The key of the run an open task of a task step (a call, a manual LinkedIn touch) belongs to, from its
     * {@link #taskVariables}: the run in progress, as {@link #of} computed it when the task started (the step's
     * counter moves only when its task ends). The console and the telephony find the task's touch with it.
     */
    public static String keyOfTask(String processInstanceId, String activityId, Map<String, Object> variables) {
        return processInstanceId + ":" + activityId + ":" + (runs(variables::get, activityId) + 1);
    }

    /** The committed runs of a step of an instance, given its variables by name. */
    private static int runs(Function<String, Object> variable, String activityId) {
        if (variable.apply(RUNS_PREFIX + activityId) instanceof Integer count) {
            return count;
        }
        return parse(variable.apply(RUNS)).getOrDefault(activityId, 0);
    }

    /** {@code introEmail=1;followUpEmail=2} as counts by step, in their order; empty when there is none. */
    private static Map<String, Integer> parse(Object runs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (runs instanceof String text && !text.isEmpty()) {
            for (String entry : text.split(";")) {
                int equals = entry.indexOf('=');
                counts.put(entry.substring(0, equals), Integer.parseInt(entry.substring(equals + 1)));
            }
        }
        return counts;
    }

    private static String format(Map<String, Integer> runs) {
        StringJoiner text = new StringJoiner(";");
        runs.forEach((activityId, count) -> text.add(activityId + "=" + count));
        return text.toString();
    }
}
