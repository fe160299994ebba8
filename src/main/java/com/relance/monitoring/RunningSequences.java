package com.relance.monitoring;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How many of a campaign's sequences are running: the funnel's "in progress" (and, from it, "finished").
 * It is a count over the engine's running instances (300 ms at 100,000 of them on H2), so it is kept like
 * the engine gauges: a count older than {@code relance.monitoring.gauge-refresh} is served once more while
 * it is recounted in the background. A campaign's first request counts before answering.
 */
@Component
class RunningSequences implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunningSequences.class);

    private final RuntimeService runtime;
    private final long refreshNanos;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Set<String> recounting = ConcurrentHashMap.newKeySet();
    private final ExecutorService recounter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "relance-running-sequences");
        thread.setDaemon(true);
        return thread;
    });

    RunningSequences(RuntimeService runtime, MonitoringProperties properties) {
        this.runtime = runtime;
        this.refreshNanos = properties.gaugeRefresh().toNanos();
    }

    private record Count(long running, long countedAt) {
    }

    long of(String campaignId) {
        Count count = counts.get(campaignId);
        if (count == null) {
            return recount(campaignId);
        }
        if (System.nanoTime() - count.countedAt() > refreshNanos && recounting.add(campaignId)) {
            recounter.execute(() -> {
                try {
                    recount(campaignId);
                } catch (RuntimeException e) {
                    log.warn("Could not recount the running sequences of campaign {}: {}", campaignId, e.getMessage());
                } finally {
                    recounting.remove(campaignId);
                }
            });
        }
        return count.running();
    }

    private long recount(String campaignId) {
        long running = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKeyLike(Sequences.businessKey(campaignId, "%")).rootProcessInstances().count();
        counts.put(campaignId, new Count(running, System.nanoTime()));
        return running;
    }

    @Override
    public void destroy() {
        recounter.shutdownNow();
    }
}
