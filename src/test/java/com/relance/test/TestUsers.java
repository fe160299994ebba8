package com.relance.test;

import com.relance.system.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** Creates a test user in a group, once. */
public final class TestUsers {

    public static final String MARKETER = "marketer";
    public static final String CALLER = "caller";
    public static final String MANAGER = "manager";

    private TestUsers() {
    }

    public static void ensure(IdentityService identity) {
        ensure(identity, MARKETER, Groups.MARKETING);
        ensure(identity, CALLER, Groups.CALLERS);
        ensure(identity, MANAGER, Groups.MANAGERS);
    }

    /** A caller of their own, in a group of their own, so that other tests' tasks stay out of their queue. */
    public static String newCaller(IdentityService identity, String group) {
        String id = "caller" + Long.toString(System.nanoTime(), 36);
        if (identity.createGroupQuery().groupId(group).count() == 0) {
            identity.saveGroup(identity.newGroup(group));
        }
        ensure(identity, id, group);
        identity.createMembership(id, com.relance.system.Groups.CALLERS);
        return id;
    }

    private static void ensure(IdentityService identity, String id, String group) {
        if (identity.createUserQuery().userId(id).count() > 0) {
            return;
        }
        User user = identity.newUser(id);
        user.setFirstName(id);
        user.setLastName("Test");
        user.setPassword(Api.PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, group);
    }
}
