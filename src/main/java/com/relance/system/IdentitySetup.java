package com.relance.system;

import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Permissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE;

/**
 * Creates Relance's groups and what each may do in the engine and the Camunda webapps, once.
 * Marketing deploys and runs sequences; managers watch them; callers only work their tasks.
 */
@Component
class IdentitySetup implements InitializingBean {

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;

    IdentitySetup(IdentityService identityService, AuthorizationService authorizationService) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
    }

    @Override
    public void afterPropertiesSet() {
        Map.of(Groups.MARKETING, "Marketing",
                Groups.CALLERS, "Callers",
                Groups.MANAGERS, "Managers").forEach(this::ensureGroup);

        grant(Groups.MARKETING, Resources.APPLICATION, "cockpit", ACCESS);
        grant(Groups.MARKETING, Resources.APPLICATION, "tasklist", ACCESS);
        grant(Groups.MARKETING, Resources.DEPLOYMENT, "*", ALL);
        grant(Groups.MARKETING, Resources.PROCESS_DEFINITION, "*", ALL);
        grant(Groups.MARKETING, Resources.PROCESS_INSTANCE, "*", ALL);

        grant(Groups.MANAGERS, Resources.APPLICATION, "cockpit", ACCESS);
        grant(Groups.MANAGERS, Resources.APPLICATION, "tasklist", ACCESS);
        grant(Groups.MANAGERS, Resources.DEPLOYMENT, "*", READ);
        grant(Groups.MANAGERS, Resources.PROCESS_DEFINITION, "*", READ, READ_INSTANCE, READ_HISTORY);
        grant(Groups.MANAGERS, Resources.PROCESS_INSTANCE, "*", READ);
        grant(Groups.MANAGERS, Resources.TASK, "*", READ);

        grant(Groups.CALLERS, Resources.APPLICATION, "tasklist", ACCESS);
        for (String group : Groups.RELANCE_GROUPS) {
            grant(group, Resources.GROUP, "*", READ);
            grant(group, Resources.USER, "*", READ);
        }
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType(org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW);
            identityService.saveGroup(group);
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        boolean exists = authorizationService.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).count() > 0;
        if (exists) {
            return;
        }
        Authorization authorization = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(groupId);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizationService.saveAuthorization(authorization);
    }
}
