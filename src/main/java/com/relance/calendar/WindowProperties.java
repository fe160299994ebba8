package com.relance.calendar;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static com.relance.calendar.WindowSettings.requireNotEmpty;

/**
 * When prospecting steps may happen, unless a campaign says otherwise ({@link WindowSettings}). Hours are
 * local to the prospect's time zone; ranges are written {@code HH:mm-HH:mm} and may not span midnight.
 *
 * @param enabled        false switches business time off: steps run at their due instant and delays are
 *                       plain calendar days and hours
 * @param workingDays    days on which steps may run
 * @param email          local hours for emails
 * @param linkedin       local hours for LinkedIn touches
 * @param phone          local hours for calls (several ranges leave a lunch gap)
 * @param holidayCountry ISO 3166 alpha-2 code whose public holidays apply when neither the prospect nor the
 *                       campaign gives a country
 */
@ConfigurationProperties("relance.windows")
public record WindowProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) Set<DayOfWeek> workingDays,
                               @DefaultValue("09:00-18:00") List<TimeRange> email,
                               @DefaultValue("09:00-19:00") List<TimeRange> linkedin,
                               @DefaultValue({"09:30-12:30", "14:00-18:00"}) List<TimeRange> phone,
                               @DefaultValue("FR") String holidayCountry) {

    public WindowProperties {
        workingDays = Set.copyOf(requireNotEmpty("relance.windows.working-days", required("working-days", workingDays)));
        email = List.copyOf(requireNotEmpty("relance.windows.email", required("email", email)));
        linkedin = List.copyOf(requireNotEmpty("relance.windows.linkedin", required("linkedin", linkedin)));
        phone = List.copyOf(requireNotEmpty("relance.windows.phone", required("phone", phone)));
        if (holidayCountry == null || holidayCountry.isBlank()) {
            throw new IllegalArgumentException("relance.windows.holiday-country is empty: give an ISO 3166 country code such as FR");
        }
        holidayCountry = holidayCountry.trim();
    }

    /** The documented defaults, as bound when nothing is configured (for code and tests without Spring). */
    public static WindowProperties defaults() {
        return new WindowProperties(true,
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(TimeRange.parse("09:00-18:00")),
                List.of(TimeRange.parse("09:00-19:00")),
                List.of(TimeRange.parse("09:30-12:30"), TimeRange.parse("14:00-18:00")),
                "FR");
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException("relance.windows." + name + " is missing");
        }
        return value;
    }
}
