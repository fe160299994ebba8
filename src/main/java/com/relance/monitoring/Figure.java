package com.relance.monitoring;

import java.util.List;

/**
 * One counter of a campaign's day: what is counted ({@code measure}) along which dimensions. Stored as
 * a field name of the day's document, e.g. {@code sent~introEmail~EMAIL~A~}; empty dimensions are empty.
 */
record Figure(String measure, String activityId, String channel, String variant, String caller) {

    static final String SENT = "sent";
    static final String SKIPPED = "skipped";
    static final String CALL = "call";
    static final String CONNECT = "connect";
    /** A meeting a caller booked on a call (the caller's figure). */
    static final String CALL_MEETING = "callMeeting";
    static final String TALK_SECONDS = "talk";
    /** Attributed to the last touch before the prospect's status changed. */
    static final String REPLY = "reply";
    static final String MEETING = "meeting";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String BOUNCE = "bounce";
    private static final String STAGE = "stage:";

    static Figure stage(FunnelStage stage) {
        return new Figure(STAGE + stage.name(), null, null, null, null);
    }

    /** The funnel stage this figure counts, or null. */
    FunnelStage stage() {
        return measure.startsWith(STAGE) ? FunnelStage.valueOf(measure.substring(STAGE.length())) : null;
    }

    String key() {
        return String.join("~", escape(measure), escape(activityId), escape(channel), escape(variant), escape(caller));
    }

    static Figure parse(String key) {
        String[] parts = key.split("~", -1);
        return new Figure(unescape(parts[0]), unescape(parts[1]), unescape(parts[2]), unescape(parts[3]), unescape(parts[4]));
    }

    // field names may not contain '.' nor start with '$'; '~' separates the dimensions
    private static final List<String[]> ESCAPES = List.of(new String[]{"%", "%25"}, new String[]{".", "%2E"},
            new String[]{"$", "%24"}, new String[]{"~", "%7E"});

    private static String escape(String value) {
        if (value == null) {
            return "";
        }
        String escaped = value;
        for (String[] escape : ESCAPES) {
            escaped = escaped.replace(escape[0], escape[1]);
        }
        return escaped;
    }

    private static String unescape(String value) {
        if (value.isEmpty()) {
            return null;
        }
        String plain = value;
        for (int i = ESCAPES.size() - 1; i >= 0; i--) {
            plain = plain.replace(ESCAPES.get(i)[1], ESCAPES.get(i)[0]);
        }
        return plain;
    }
}
