package com.relance.system;

import java.util.List;

/** The groups Relance's users belong to, as stored in Camunda's identity service. */
public final class Groups {

    public static final String MARKETING = "marketing";
    public static final String CALLERS = "callers";
    public static final String MANAGERS = "managers";
    /** Camunda's own administrators' group. */
    public static final String ADMIN = "camunda-admin";

    public static final List<String> RELANCE_GROUPS = List.of(MARKETING, CALLERS, MANAGERS);

    private Groups() {
    }
}
