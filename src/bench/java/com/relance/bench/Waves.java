package com.relance.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;

/**
 * Runs the enrolled sequences to the end in simulated time, in waves, the same way for Relance and for
 * the baseline. The engine clock is frozen; each wave makes one step due for every prospect at once
 * (the job executor is started, the clock is moved past the timers, or the simulated people start
 * working their tasks) and waits until every prospect has done it:
 * <ol>
 *   <li>intro email (the job executor starts: every async email job is due);</li>
 *   <li>replies: 5% of prospects reply (each one signal, from {@code workers} threads);</li>
 *   <li>clock + 2 days: the LinkedIn connection requests, in provider mode: each step's job calls the provider
 *   (Relance: the local stub server; baseline: nothing) and its task closes itself;</li>
 *   <li>clock + 2 days: the call tasks appear (all of them stay open: the caller queue is measured now);</li>
 *   <li>the callers complete the calls ({@code callOutcome}); each completion makes the follow-up email due;</li>
 *   <li>clock + 3 days: the break-up emails; the sequences end.</li>
 * </ol>
 * Time between waves (the queue measurement) is not counted.
 */
final class Waves {

    static final String[] SEQUENCE_STEPS = {"introEmail", "waitBeforeConnection", "connectionRequest", "waitBeforeCall",
            "coldCall", "followUpEmail", "waitBeforeBreakUp", "breakUpEmail"};
    private static final String[] CALL_OUTCOMES = {"NO_ANSWER", "CALL_BACK", "NOT_INTERESTED", "VOICEMAIL"};

    /** What the waves measured. */
    record Result(long activities, long sequenceSteps, long jobs, double seconds, Map<String, Long> waveMillis,
                  Map<String, Long> dueAt, Percentiles replyMillis, long replies, long finished, long firstWaveActivities,
                  Map<String, Double> cpuBetweenWaves) {

        double stepsPerSecond() {
            return activities / seconds;
        }

        /**
         * Activity instances per second in the waves after the first: the first also compiles the code every step
         * runs (the JIT compilers' work scales with the code, not with the prospects) and fills the caches.
         */
        double stepsPerSecondAfterFirstWave() {
            double rest = seconds - waveMillis.getOrDefault(FIRST_WAVE, 0L) / 1000.0;
            return rest > 0 ? (activities - firstWaveActivities) / rest : 0;
        }
    }

    static final String FIRST_WAVE = "introEmail";

    /** The prospects who reply in wave 2: one in 20 (5%), the 11th, the 31st, ... in start order. */
    static <T> List<T> replying(List<T> started) {
        return IntStream.iterate(10, i -> i < started.size(), i -> i + 20).mapToObj(started::get).toList();
    }

    /** What a phase gives the waves. */
    interface Subject {
        String processKey();

        Engine engine();

        Probe probe();

        long started();

        /** The replies to send, each a call through the product's own path. */
        List<Runnable> replies();

        /** Called while every call task is open and nothing else runs. */
        void whileCallsAreOpen();

        /** The user a group task (no assignee) is claimed by. */
        String groupWorker();
    }

    private final int workers;
    private final long stallMillis;
    private final boolean stopAfterQueue;
    private final Progress progress;

    Waves(int workers, long stallMillis, boolean stopAfterQueue, Progress progress) {
        this.workers = workers;
        this.stallMillis = stallMillis;
        this.stopAfterQueue = stopAfterQueue;
        this.progress = progress;
    }

    /** Progress lines for the console. */
    interface Progress {
        void say(String line);
    }

    Result run(Subject subject) throws Exception {
        Probe probe = subject.probe();
        String key = subject.processKey();
        Engine engine = subject.engine();
        long started = subject.started();
        Map<String, Long> waveMillis = new LinkedHashMap<>();
        Map<String, Long> dueAt = new LinkedHashMap<>();
        long activitiesBefore = probe.activitiesEnded();
        long jobsBefore = probe.jobsExecuted();
        long[] stepsBefore = sequenceSteps(probe, key);

        // 1. intro email: every job is due once the executor runs
        long t = System.currentTimeMillis();
        dueAt.put(FIRST_WAVE, t);
        engine.jobExecutor().start();
        await("intro emails", probe, engine, () -> probe.ended(key, "introEmail"), started);
        waveMillis.put(FIRST_WAVE, System.currentTimeMillis() - t);
        long firstWaveActivities = probe.activitiesEnded() - activitiesBefore;

        // 2. replies
        List<Runnable> replies = subject.replies();
        Percentiles replyMillis = new Percentiles();
        t = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> sent = replies.stream().map(reply -> pool.submit(() -> {
                long s = System.nanoTime();
                reply.run();
                replyMillis.add((System.nanoTime() - s) / 1_000_000);
            })).<Future<?>>map(f -> f).toList();
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        await("replies", probe, engine, () -> probe.ended(key, "sequenceStopped"), replies.size());
        waveMillis.put("replies", System.currentTimeMillis() - t);
        long active = started - probe.ended(key, "sequenceStopped");

        // 3. LinkedIn connection requests, done by the provider as their jobs run
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        t = System.currentTimeMillis();
        dueAt.put("connectionRequest", t);
        await("LinkedIn actions", probe, engine, () -> probe.ended(key, "connectionRequest"), active);
        waveMillis.put("connectionRequest", System.currentTimeMillis() - t);

        // 4. call tasks appear; all stay open while the caller queue is measured
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        t = System.currentTimeMillis();
        dueAt.put("coldCall", t);
        await("call tasks", probe, engine, () -> probe.tasksCreated("coldCall"), active);
        waveMillis.put("coldCallCreated", System.currentTimeMillis() - t);
        progress.say("  " + active + " call tasks open; measuring the caller queue");
        // its processor time (at 100,000 minutes of the engine's own task query) is not the waves'
        ThreadCpu.Snapshot queueCpu = ThreadCpu.take();
        subject.whileCallsAreOpen();
        Map<String, Double> cpuBetweenWaves = ThreadCpu.since(queueCpu, ThreadCpu.take());
        if (stopAfterQueue) {
            return result(probe, key, activitiesBefore, jobsBefore, stepsBefore, waveMillis, dueAt, replyMillis, replies.size(),
                    firstWaveActivities, cpuBetweenWaves);
        }

        // 5. callers work the calls; each completion makes a follow-up email due
        t = System.currentTimeMillis();
        try (TaskWorkers callers = new TaskWorkers(subject, "coldCall",
                i -> java.util.Map.of("callOutcome", CALL_OUTCOMES[i % CALL_OUTCOMES.length]))) {
            await("calls and follow-up emails", probe, engine, () -> probe.ended(key, "followUpEmail"), active);
        }
        waveMillis.put("coldCallAndFollowUpEmail", System.currentTimeMillis() - t);

        // 6. break-up emails
        Engine.moveClock(Duration.ofDays(3).plusMinutes(1));
        t = System.currentTimeMillis();
        dueAt.put("breakUpEmail", t);
        await("break-up emails", probe, engine, () -> probe.ended(key, "sequenceFinished"), active);
        waveMillis.put("breakUpEmail", System.currentTimeMillis() - t);
        return result(probe, key, activitiesBefore, jobsBefore, stepsBefore, waveMillis, dueAt, replyMillis, replies.size(),
                firstWaveActivities, cpuBetweenWaves);
    }

    private static Result result(Probe probe, String key, long activitiesBefore, long jobsBefore, long[] stepsBefore,
                                 Map<String, Long> waveMillis, Map<String, Long> dueAt, Percentiles replyMillis, int replies,
                                 long firstWaveActivities, Map<String, Double> cpuBetweenWaves) {
        long seconds = waveMillis.values().stream().mapToLong(Long::longValue).sum();
        long[] stepsAfter = sequenceSteps(probe, key);
        long sequenceSteps = 0;
        for (int i = 0; i < stepsAfter.length; i++) {
            sequenceSteps += stepsAfter[i] - stepsBefore[i];
        }
        return new Result(probe.activitiesEnded() - activitiesBefore, sequenceSteps, probe.jobsExecuted() - jobsBefore,
                seconds / 1000.0, waveMillis, dueAt, replyMillis, replies, probe.ended(key, "sequenceFinished"), firstWaveActivities,
                cpuBetweenWaves);
    }

    private static long[] sequenceSteps(Probe probe, String key) {
        long[] counts = new long[SEQUENCE_STEPS.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = probe.ended(key, SEQUENCE_STEPS[i]);
        }
        return counts;
    }

    /**
     * Waits until {@code done} reaches {@code target}. Stalled means no activity instance of the engine ended for
     * {@code stallMillis}, not only none of the awaited ones: a wave may first work through other due jobs (its
     * wait timers, when the job executor takes them before the steps they make due, as acquisition by due date does).
     */
    private void await(String what, Probe probe, Engine engine, LongSupplier done, long target) throws InterruptedException {
        long last = -1;
        long lastActivities = -1;
        long lastChange = System.currentTimeMillis();
        long lastReport = System.currentTimeMillis();
        while (true) {
            long now = done.getAsLong();
            if (now >= target) {
                progress.say("  " + what + ": " + now + "/" + target);
                return;
            }
            long wall = System.currentTimeMillis();
            long activities = probe.activitiesEnded();
            if (now != last || activities != lastActivities) {
                last = now;
                lastActivities = activities;
                lastChange = wall;
            } else if (wall - lastChange > stallMillis) {
                throw new IllegalStateException(what + " stalled at " + now + "/" + target + ": no activity instance ended for "
                        + stallMillis / 1000 + " s; jobs failing: " + engine.failingJobs() + ", incidents: "
                        + engine.openIncidents() + ", first failure: " + engine.firstJobFailure());
            }
            if (wall - lastReport > 10_000) {
                progress.say("  " + what + ": " + now + "/" + target + "...");
                lastReport = wall;
            }
            Thread.sleep(20);
        }
    }

    /** Interface for the variables a simulated person completes the i-th task with. */
    interface Outcome {
        Map<String, Object> of(int index);
    }

    /**
     * Simulated owners and callers: take tasks as they are created, claim those offered to the group, and
     * complete them through TaskService, authenticated as the person (Camunda authorizations apply), as
     * the console will.
     */
    private final class TaskWorkers implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads;
        private final AtomicInteger counter = new AtomicInteger();
        private final LongAdder failures = new LongAdder();

        TaskWorkers(Subject subject, String taskKey, Outcome outcome) {
            threads = Executors.newFixedThreadPool(workers);
            TaskService tasks = subject.engine().engine().getTaskService();
            IdentityService identity = subject.engine().engine().getIdentityService();
            var queue = subject.probe().openTasks(taskKey);
            for (int w = 0; w < workers; w++) {
                threads.submit(() -> {
                    while (running.get()) {
                        Probe.OpenTask task;
                        try {
                            task = queue.poll(50, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (task == null) {
                            continue;
                        }
                        String user = task.assignee() != null ? task.assignee() : subject.groupWorker();
                        identity.setAuthentication(user, List.of("callers"));
                        try {
                            if (task.assignee() == null) {
                                tasks.claim(task.id(), user);
                            }
                            tasks.complete(task.id(), outcome.of(counter.getAndIncrement()));
                        } catch (RuntimeException e) {
                            failures.increment();
                            if (failures.sum() <= 3) {
                                progress.say("  could not complete task " + task.id() + ": " + e);
                            }
                        } finally {
                            identity.clearAuthentication();
                        }
                    }
                });
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
