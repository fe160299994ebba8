package com.relance.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The inbox watcher's lag: seconds since each mailbox was last read to the end, as the gauge
 * {@code relance_inbox_lag_seconds{mailbox}}. A watcher calls {@link #caughtUp(String)} after each
 * successful poll; a gauge that keeps growing means replies are not being seen.
 */
@Component
public class InboxLag {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> caughtUp = new ConcurrentHashMap<>();

    InboxLag(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The watcher has read {@code mailbox} up to now. */
    public void caughtUp(String mailbox) {
        if (caughtUp.put(mailbox, clock.instant()) == null) {
            Gauge.builder("relance.inbox.lag", () -> Duration.between(caughtUp.get(mailbox), clock.instant()).toMillis() / 1000.0)
                    .baseUnit("seconds").description("Seconds since the inbox watcher last caught up with a mailbox")
                    .tag("mailbox", mailbox).register(registry);
        }
    }
}
