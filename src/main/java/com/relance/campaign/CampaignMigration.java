package com.relance.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Moves a campaign's running prospects to the latest version of its sequence with Camunda's migration
 * API, mapping activities by id. Each instance moves on its own, so one that cannot move (its current
 * step no longer exists) is reported and stays where it is while the others move. Process instance ids,
 * activity ids and variables survive a migration, so the touches' step keys stay valid: no touch is
 * lost or repeated.
 */
@Component
class CampaignMigration {

    private static final Logger log = LoggerFactory.getLogger(CampaignMigration.class);

    private final RuntimeService runtimeService;
    private final RepositoryService repositoryService;

    CampaignMigration(RuntimeService runtimeService, RepositoryService repositoryService) {
        this.runtimeService = runtimeService;
        this.repositoryService = repositoryService;
    }

    /** The outcome: the version moved to, how many moved, and those that could not, with why. */
    record Result(String targetDefinitionId, int targetVersion, int migrated, int alreadyCurrent, List<Failure> failed) {
    }

    record Failure(String processInstanceId, String prospectId, String reason) {
    }

    Result migrate(Campaign campaign) {
        ProcessDefinition target = repositoryService.createProcessDefinitionQuery()
                .processDefinitionKey(campaign.sequence()).latestVersion().singleResult();
        if (target == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Sequence '" + campaign.sequence() + "' is no longer deployed");
        }
        // root instances only: a Wait's relanceWait child shares the business key and moves with its parent
        Map<String, List<ProcessInstance>> bySource = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKeyLike(Sequences.businessKey(campaign.id(), "%"))
                .rootProcessInstances()
                .list().stream()
                .collect(Collectors.groupingBy(ProcessInstance::getProcessDefinitionId));
        int migrated = 0;
        int current = 0;
        List<Failure> failed = new ArrayList<>();
        for (Map.Entry<String, List<ProcessInstance>> source : bySource.entrySet()) {
            if (source.getKey().equals(target.getId())) {
                current += source.getValue().size();
                continue;
            }
            MigrationPlan plan;
            try {
                plan = runtimeService.createMigrationPlan(source.getKey(), target.getId())
                        .mapEqualActivities()
                        .updateEventTriggers()
                        .build();
            } catch (RuntimeException e) {
                source.getValue().forEach(instance -> failed.add(failure(instance, e)));
                continue;
            }
            for (ProcessInstance instance : source.getValue()) {
                try {
                    runtimeService.newMigration(plan).processInstanceIds(instance.getId()).execute();
                    migrated++;
                } catch (RuntimeException e) {
                    failed.add(failure(instance, e));
                }
            }
        }
        log.info("Campaign {} migrated to {}: {} moved, {} already there, {} could not move", campaign.id(),
                target.getId(), migrated, current, failed.size());
        return new Result(target.getId(), target.getVersion(), migrated, current, failed);
    }

    private static Failure failure(ProcessInstance instance, RuntimeException e) {
        String key = instance.getBusinessKey();
        String prospectId = key == null ? null : key.substring(key.indexOf(':') + 1);
        return new Failure(instance.getId(), prospectId, e.getMessage());
    }
}
