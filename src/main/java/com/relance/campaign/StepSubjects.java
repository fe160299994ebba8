package com.relance.campaign;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatusChanged;
import com.relance.prospect.Prospects;
import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The prospect and the campaign a running step works for, read from the instance's id variables.
 * <p>
 * Each is read from MongoDB once per transaction: a job's delegate, listeners and expressions (assignee,
 * due date, quotas) ask for the same prospect and campaign several times. A status change made in the
 * transaction is seen at once; outside a transaction every call reads the prospect. Campaigns, read by every
 * step and not changed by them, are also kept across transactions for a minute.
 */
@Component
public class StepSubjects {

    // a campaign read by every step of its sequences: kept a minute rather than read at each job
    private static final Duration KEEP_CAMPAIGN = Duration.ofMinutes(1);
    private static final int KEPT_CAMPAIGNS = 1_000;

    private final Prospects prospects;
    private final Campaigns campaigns;
    private final Map<String, Kept> campaignsById = new ConcurrentHashMap<>();

    StepSubjects(Prospects prospects, Campaigns campaigns) {
        this.prospects = prospects;
        this.campaigns = campaigns;
    }

    /** The step's prospect; an {@link IllegalStateException} ("Prospect … no longer exists") when it is gone. */
    public Prospect prospect(VariableScope execution) {
        return prospectIfExists(execution).orElseThrow(() ->
                new IllegalStateException("Prospect " + execution.getVariable(Sequences.PROSPECT_ID) + " no longer exists"));
    }

    /** The step's campaign; an {@link IllegalStateException} ("Campaign … no longer exists") when it is gone. */
    public Campaign campaign(VariableScope execution) {
        return campaignIfExists(execution).orElseThrow(() ->
                new IllegalStateException("Campaign " + execution.getVariable(Sequences.CAMPAIGN_ID) + " no longer exists"));
    }

    public Optional<Prospect> prospectIfExists(VariableScope execution) {
        String id = (String) execution.getVariable(Sequences.PROSPECT_ID);
        return readOnce(prospectKey(id), () -> prospects.find(id));
    }

    public Optional<Campaign> campaignIfExists(VariableScope execution) {
        String id = (String) execution.getVariable(Sequences.CAMPAIGN_ID);
        return readOnce("campaign:" + id, () -> kept(id));
    }

    /**
     * A campaign as read at most {@link #KEEP_CAMPAIGN} ago. What a step uses of it (sender, windows, groups,
     * modes) is set at creation and never changed; its status does change, but no step reads it (pausing
     * suspends the sequences instead), and {@link #forget} drops a campaign whose status this node changed.
     */
    private Optional<Campaign> kept(String id) {
        Kept kept = campaignsById.get(id);
        if (kept != null && System.nanoTime() - kept.readAt() < KEEP_CAMPAIGN.toNanos()) {
            return Optional.of(kept.campaign());
        }
        Optional<Campaign> found = campaigns.findById(id);
        found.ifPresent(campaign -> {
            if (campaignsById.size() >= KEPT_CAMPAIGNS) {
                campaignsById.clear();
            }
            campaignsById.put(id, new Kept(campaign, System.nanoTime()));
        });
        return found;
    }

    void forget(String campaignId) {
        campaignsById.remove(campaignId);
    }

    private record Kept(Campaign campaign, long readAt) {
    }

    @EventListener
    void on(ProspectStatusChanged changed) {
        Map<String, Object> read = readInTransaction();
        if (read != null) {
            read.remove(prospectKey(changed.prospectId()));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T readOnce(String key, Supplier<T> read) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return read.get();
        }
        Map<String, Object> reads = readInTransaction();
        if (reads == null) {
            Map<String, Object> bound = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, bound);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(StepSubjects.this);
                }
            });
            reads = bound;
        }
        Object found = reads.get(key);
        if (found == null) {
            found = read.get();
            reads.put(key, found);
        }
        return (T) found;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readInTransaction() {
        return (Map<String, Object>) TransactionSynchronizationManager.getResource(this);
    }

    private static String prospectKey(String prospectId) {
        return "prospect:" + prospectId;
    }
}
