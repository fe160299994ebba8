package com.relance.sequence;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
    private final EnrolledCampaigns enrolledCampaigns;

    Sequences(RepositoryService repositoryService, RuntimeService runtimeService, EnrolledCampaigns enrolledCampaigns) {
        this.repositoryService = repositoryService;
        this.runtimeService = runtimeService;
        this.enrolledCampaigns = enrolledCampaigns;
    }

    /**
     * Adds a parse listener after the engine's own, keeping those other plugins added: steps that hook into
     * the engine (a LinkedIn task's provider mode, the callers' queue) register here from their plugin's
     * {@code preInit}.
     */
    public static void addParseListener(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(listener);
        configuration.setCustomPostBPMNParseListeners(listeners);
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
        return runningOf(prospectId).size();
    }

    /**
     * The prospect's running sequences in all campaigns: root instances only (a Wait's child process ends
     * with its sequence). Found by business key, one per campaign the prospect is enrolled in.
     */
    public List<ProcessInstance> runningOf(String prospectId) {
        // one indexed lookup per campaign: a prospect is in a handful of campaigns at most
        return enrolledCampaigns.campaignIdsOf(prospectId).stream()
                .flatMap(campaignId -> runtimeService.createProcessInstanceQuery()
                        .processInstanceBusinessKey(businessKey(campaignId, prospectId))
                        .rootProcessInstances()
                        .list().stream())
                .toList();
    }

    /**
     * Delivers a BPMN message (e.g. {@code LinkedInConnected}) to the prospect's running sequences that wait
     * for it; the others are left alone. Returns how many received it.
     */
    public int correlate(String prospectId, String messageName) {
        int correlated = 0;
        for (ProcessInstance instance : runningOf(prospectId)) {
            if (waitsFor(instance, messageName)) {
                runtimeService.createMessageCorrelation(messageName).processInstanceId(instance.getId()).correlateAll();
                correlated++;
            }
        }
        return correlated;
    }

    /** Whether the sequence waits for this BPMN message now (see {@code SequenceIndexes} for the index it reads). */
    boolean waitsFor(ProcessInstance instance, String messageName) {
        return runtimeService.createEventSubscriptionQuery().processInstanceId(instance.getId())
                .eventType("message").eventName(messageName).count() > 0;
    }
}
