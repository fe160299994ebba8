package com.relance.console;

import java.util.List;

/** What a caller or a LinkedIn task's owner reports, in one click or key. */
public enum Outcome {
    NO_ANSWER("1", false),
    VOICEMAIL("2", false),
    WRONG_NUMBER("3", false),
    NOT_INTERESTED("4", true),
    CALL_BACK("5", true),
    MEETING_BOOKED("6", true),
    QUALIFIED_LEAD("7", true),
    DONE("1", false),
    SKIPPED("2", false),
    NOT_ON_LINKEDIN("3", false);

    static final List<Outcome> CALL = List.of(NO_ANSWER, VOICEMAIL, WRONG_NUMBER, NOT_INTERESTED, CALL_BACK, MEETING_BOOKED,
            QUALIFIED_LEAD);
    static final List<Outcome> LINKEDIN = List.of(DONE, SKIPPED, NOT_ON_LINKEDIN);

    private final String key;
    private final boolean connect;

    Outcome(String key, boolean connect) {
        this.key = key;
        this.connect = connect;
    }

    /** The keyboard key that records it on the call page. */
    public String key() {
        return key;
    }

    /** Whether a touch's recorded outcome (an {@code Outcome} name, or anything else) means the prospect was reached. */
    public static boolean connects(String outcome) {
        for (Outcome candidate : values()) {
            if (candidate.name().equals(outcome)) {
                return candidate.connect;
            }
        }
        return false;
    }
}
