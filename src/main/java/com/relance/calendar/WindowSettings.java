package com.relance.calendar;

import java.time.DayOfWeek;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A campaign's contact-window overrides (the {@code windows} object of a campaign). Any null field falls
 * back to the {@code relance.windows.*} default; a field that is given must not be empty.
 *
 * @param workingDays    days on which steps may run, e.g. {@code ["SUNDAY", ..., "THURSDAY"]}
 * @param email          local hours for emails, e.g. {@code ["09:00-18:00"]}
 * @param linkedin       local hours for LinkedIn touches
 * @param phone          local hours for calls, e.g. {@code ["09:30-12:30", "14:00-18:00"]}
 * @param holidayCountry ISO 3166 alpha-2 code whose public holidays apply when the prospect has no country
 *                       (ISO 3166-2 subdivisions such as {@code GB-ENG} or {@code DE-BY} add regional ones)
 */
public record WindowSettings(Set<DayOfWeek> workingDays,
                             List<TimeRange> email,
                             List<TimeRange> linkedin,
                             List<TimeRange> phone,
                             String holidayCountry) {

    public WindowSettings {
        workingDays = workingDays == null ? null : Set.copyOf(requireNotEmpty("windows.workingDays", workingDays));
        email = email == null ? null : List.copyOf(requireNotEmpty("windows.email", email));
        linkedin = linkedin == null ? null : List.copyOf(requireNotEmpty("windows.linkedin", linkedin));
        phone = phone == null ? null : List.copyOf(requireNotEmpty("windows.phone", phone));
        holidayCountry = holidayCountry == null || holidayCountry.isBlank() ? null : holidayCountry.trim();
    }

    /** No overrides: every value comes from {@code relance.windows.*}. */
    public static WindowSettings defaults() {
        return new WindowSettings(null, null, null, null, null);
    }

    static <C extends Collection<?>> C requireNotEmpty(String field, C values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty: give at least one value, or leave it out to use the default");
        }
        if (values.stream().anyMatch(v -> v == null)) {
            throw new IllegalArgumentException(field + " contains an empty value: " + values);
        }
        return values;
    }
}
