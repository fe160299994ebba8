package com.relance.campaign;

import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/** The prospect and the campaign a running step works for, read from the instance's id variables. */
@Component
public class StepSubjects {

    private final Prospects prospects;
    private final Campaigns campaigns;

    StepSubjects(Prospects prospects, Campaigns campaigns) {
        this.prospects = prospects;
        this.campaigns = campaigns;
    }

    public Prospect prospect(VariableScope execution) {
        String id = (String) execution.getVariable(Sequences.PROSPECT_ID);
        return prospects.find(id).orElseThrow(() -> new IllegalStateException("Prospect " + id + " no longer exists"));
    }

    public Campaign campaign(VariableScope execution) {
        String id = (String) execution.getVariable(Sequences.CAMPAIGN_ID);
        return campaigns.findById(id).orElseThrow(() -> new IllegalStateException("Campaign " + id + " no longer exists"));
    }
}
