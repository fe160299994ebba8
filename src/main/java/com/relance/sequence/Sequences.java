package com.relance.sequence;

import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(Sequences.class);

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

    /** Ends every running sequence of a prospect, in all campaigns, recording why. */
    public int endAll(String prospectId, String reason) {
        List<ProcessInstance> running = runtimeService.createProcessInstanceQuery()
                .variableValueEquals(PROSPECT_ID, prospectId)
                .list();
        for (ProcessInstance instance : running) {
            runtimeService.deleteProcessInstance(instance.getId(), reason, false, true);
        }
        if (!running.isEmpty()) {
            log.info("Ended {} sequence(s) of prospect {}: {}", running.size(), prospectId, reason);
        }
        return running.size();
    }
}
