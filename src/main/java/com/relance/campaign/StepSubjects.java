package com.relance.campaign;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * transaction is seen at once; outside a transaction every call reads.
 */
@Component
public class StepSubjects {

    private final Prospects prospects;
    private final Campaigns campaigns;

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
        return readOnce("campaign:" + id, () -> campaigns.findById(id));
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
