package com.relance.calendar;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Local hours within one day, start inclusive and end exclusive, written {@code 09:30-12:30}.
 * Ranges spanning midnight are not supported: the end must be after the start.
 *
 * @param start first local time inside the range
 * @param end   first local time after the range
 */
public record TimeRange(LocalTime start, LocalTime end) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");

    public TimeRange {
        if (start == null || end == null) {
            throw new IllegalArgumentException("Time range needs a start and an end, got " + start + "-" + end);
        }
        if (end.equals(start)) {
            throw new IllegalArgumentException("Time range '" + format(start, end) + "' is empty: the end must be after the start");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("Time range '" + format(start, end) + "' ends before it starts;"
                    + " windows spanning midnight are not supported (the end must be after the start on the same day)");
        }
    }

    /**
     * Reads {@code HH:mm-HH:mm} (seconds optional, spaces around the dash allowed), e.g. {@code 09:30-12:30}.
     *
     * @param text the range as written in configuration or in a campaign
     * @return the range
     * @throws IllegalArgumentException naming {@code text} when it is not a range or ends before it starts
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TimeRange parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Time range is missing: expected HH:mm-HH:mm, e.g. 09:30-12:30");
        }
        String[] parts = text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("Time range '" + text + "' is not of the form HH:mm-HH:mm, e.g. 09:30-12:30");
        }
        try {
            return new TimeRange(LocalTime.parse(parts[0], TIME), LocalTime.parse(parts[1], TIME));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Time range '" + text + "' is not of the form HH:mm-HH:mm, e.g. 09:30-12:30:"
                    + " '" + e.getParsedString() + "' is not a time of day");
        }
    }

    /** Whether {@code time} is inside the range (start inclusive, end exclusive). */
    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    /** The range as {@link #parse} reads it, e.g. {@code 09:30-12:30}. */
    @JsonValue
    @Override
    public String toString() {
        return format(start, end);
    }

    private static String format(LocalTime start, LocalTime end) {
        return start + "-" + end;
    }
}
