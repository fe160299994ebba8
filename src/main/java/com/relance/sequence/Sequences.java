package com.relance.sequence;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * The sequences (BPMN process definitions) and their running instances, one per prospect and campaign.
 * Instances carry only ids: {@code prospectId}, {@code campaignId}; their business key is
 * {@code <campaignId>:<prospectId>}.
 */
@Component
public class Sequences {

    public static final String PROSPECT_ID = "prospectId";
    public static final String CAMPAIGN_ID = "campaignId";

    private final RepositoryService repositoryService;
    private final RuntimeService runtimeService;

    Sequences(RepositoryService repositoryService, RuntimeService runtimeService) {
        this.repositoryService = repositoryService;
        this.runtimeService = runtimeService;
    }

    public static String businessKey(String campaignId, String prospectId) {
        return campaignId + ":" + prospectId;
    }

    /** Whether a sequence with this process definition key is deployed. */
    public boolean isDeployed(String key) {
        return repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).count() > 0;
    }

    /** How many sequences of this prospect are running, in all campaigns. */
    public long runningFor(String prospectId) {
        return runtimeService.createProcessInstanceQuery().variableValueEquals(PROSPECT_ID, prospectId)
                .rootProcessInstances().count();
    }
}
