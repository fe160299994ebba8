package com.relance.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Business time for prospecting steps: working days, per-channel contact hours and public holidays, in the
 * prospect's time zone.
 * <p>
 * Every method takes the channel, the prospect's IANA time zone, the prospect's country (ISO 3166 alpha-2
 * such as {@code FR}, or a subdivision such as {@code GB-ENG}; null falls back to the campaign's
 * {@code holidayCountry}, then to {@code relance.windows.holiday-country}) and the campaign's
 * {@link WindowSettings} (null or {@link WindowSettings#defaults()} for none). Hours are local wall-clock
 * hours, so a 09:00-18:00 window is 09:00-18:00 on both sides of a daylight-saving change; durations of
 * window time are real elapsed time. Ranges include their start and exclude their end.
 * <p>
 * With {@code relance.windows.enabled=false} nothing is constrained: {@link #nextSlot} returns its input
 * and the plus methods add plain calendar days or hours.
 */
@Component
public class BusinessCalendar {

    /** A calendar with no business day in this many days is misconfigured (e.g. every day a holiday). */
    private static final int MAX_DAYS_SEARCHED = 3 * 366;

    private final WindowProperties properties;
    private final Holidays holidays = new Holidays();

    /**
     * @param properties the {@code relance.windows.*} defaults
     */
    public BusinessCalendar(WindowProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * The earliest instant at or after {@code at} inside the channel's window on a working, non-holiday day in
     * {@code zone}: {@code at} itself when it already is inside.
     *
     * @param at       when the step is due
     * @param channel  whose hours apply
     * @param zone     the prospect's time zone
     * @param country  the prospect's country, or null for the campaign's or the default holiday country
     * @param campaign the campaign's overrides, or null
     * @return when the step may run
     * @throws IllegalStateException when no business time exists within three years (a misconfiguration)
     */
    public Instant nextSlot(Instant at, WindowChannel channel, ZoneId zone, String country, WindowSettings campaign) {
        Rules rules = rules(at, channel, zone, country, campaign);
        return rules == null ? at : rules.slotAtOrAfter(at).start();
    }

    /**
     * {@code days} business days after {@code at}, at the same local time on the target day (skipping
     * non-working days and holidays), then moved into the channel's window with {@link #nextSlot}. Zero days is
     * {@code nextSlot(at)}.
     *
     * @param days business days to add, not negative
     * @return when the step may run; with windows disabled, {@code at} plus {@code days} calendar days at the same
     *         local time
     */
    public Instant plusBusinessDays(Instant at, int days, WindowChannel channel, ZoneId zone, String country, WindowSettings campaign) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, got " + days);
        }
        Rules rules = rules(at, channel, zone, country, campaign);
        ZonedDateTime local = at.atZone(zone);
        if (rules == null) {
            return local.plusDays(days).toInstant();
        }
        LocalDate date = local.toLocalDate();
        for (int left = days, searched = 0; left > 0; searched++) {
            if (searched > MAX_DAYS_SEARCHED + days) {
                throw rules.nothingFound(at);
            }
            date = date.plusDays(1);
            if (rules.isBusinessDay(date)) {
                left--;
            }
        }
        Instant target = ZonedDateTime.ofLocal(date.atTime(local.toLocalTime()), zone, local.getOffset()).toInstant();
        return rules.slotAtOrAfter(target).start();
    }

    /**
     * {@code hours} of window time after {@code at}: only time inside the channel's windows on business days
     * counts. The result is always inside a window, so an amount that ends exactly at a window's end gives the
     * start of the next window; zero is {@code nextSlot(at)}.
     *
     * @param hours window time to add, not negative
     * @return when the step may run; with windows disabled, {@code at + hours}
     */
    public Instant plusBusinessHours(Instant at, Duration hours, WindowChannel channel, ZoneId zone, String country, WindowSettings campaign) {
        Objects.requireNonNull(hours, "hours");
        if (hours.isNegative()) {
            throw new IllegalArgumentException("hours must not be negative, got " + hours);
        }
        Rules rules = rules(at, channel, zone, country, campaign);
        if (rules == null) {
            return at.plus(hours);
        }
        Duration left = hours;
        Slot slot = rules.slotAtOrAfter(at);
        while (left.compareTo(slot.length()) >= 0) {
            left = left.minus(slot.length());
            slot = rules.slotAtOrAfter(slot.end());
        }
        return slot.start().plus(left);
    }

    /**
     * Whether {@code at} is inside the channel's window on a business day; always true with windows disabled.
     */
    public boolean inWindow(Instant at, WindowChannel channel, ZoneId zone, String country, WindowSettings campaign) {
        Rules rules = rules(at, channel, zone, country, campaign);
        return rules == null || rules.slotAtOrAfter(at).start().equals(at);
    }

    /**
     * Whether business time applies ({@code relance.windows.enabled}, default true). When false, every method
     * returns {@code at}, or {@code at} plus plain calendar days or hours for the plus methods.
     */
    public boolean enabled() {
        return properties.enabled();
    }

    /** The rules for one call, or null when windows are disabled. */
    private Rules rules(Instant at, WindowChannel channel, ZoneId zone, String country, WindowSettings campaign) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(zone, "zone");
        if (!properties.enabled()) {
            return null;
        }
        WindowSettings overrides = campaign == null ? WindowSettings.defaults() : campaign;
        Set<DayOfWeek> workingDays = overrides.workingDays() != null ? overrides.workingDays() : properties.workingDays();
        List<TimeRange> ranges = switch (channel) {
            case EMAIL -> overrides.email() != null ? overrides.email() : properties.email();
            case LINKEDIN -> overrides.linkedin() != null ? overrides.linkedin() : properties.linkedin();
            case PHONE -> overrides.phone() != null ? overrides.phone() : properties.phone();
        };
        String holidayCountry = country != null && !country.isBlank() ? country
                : overrides.holidayCountry() != null ? overrides.holidayCountry()
                : properties.holidayCountry();
        return new Rules(channel, zone, workingDays, sortedAndMerged(ranges), holidayCountry);
    }

    /** Ranges by start, overlapping or touching ones joined, so that each slot runs to the real end of window time. */
    private static List<TimeRange> sortedAndMerged(List<TimeRange> ranges) {
        List<TimeRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(TimeRange::start));
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange range : sorted) {
            TimeRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !range.start().isAfter(last.end())) {
                if (range.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new TimeRange(last.start(), range.end()));
                }
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    /** A stretch of window time: start inclusive, end exclusive. */
    private record Slot(Instant start, Instant end) {

        Duration length() {
            return Duration.between(start, end);
        }
    }

    private final class Rules {

        private final WindowChannel channel;
        private final ZoneId zone;
        private final Set<DayOfWeek> workingDays;
        private final List<TimeRange> ranges;
        private final String holidayCountry;

        Rules(WindowChannel channel, ZoneId zone, Set<DayOfWeek> workingDays, List<TimeRange> ranges, String holidayCountry) {
            this.channel = channel;
            this.zone = zone;
            this.workingDays = workingDays;
            this.ranges = ranges;
            this.holidayCountry = holidayCountry;
        }

        boolean isBusinessDay(LocalDate date) {
            return workingDays.contains(date.getDayOfWeek()) && !holidays.isHoliday(date, holidayCountry);
        }

        /** The first window time at or after {@code at}: from {@code at} (or the window's start) to the window's end. */
        Slot slotAtOrAfter(Instant at) {
            LocalDate date = at.atZone(zone).toLocalDate();
            for (int i = 0; i <= MAX_DAYS_SEARCHED; i++, date = date.plusDays(1)) {
                if (!isBusinessDay(date)) {
                    continue;
                }
                for (TimeRange range : ranges) {
                    // Local times in a spring-forward gap move later by the gap; in a fall-back overlap the earlier offset wins.
                    Instant start = date.atTime(range.start()).atZone(zone).toInstant();
                    Instant end = date.atTime(range.end()).atZone(zone).toInstant();
                    if (start.isBefore(end) && at.isBefore(end)) {
                        return new Slot(start.isAfter(at) ? start : at, end);
                    }
                }
            }
            throw nothingFound(at);
        }

        IllegalStateException nothingFound(Instant at) {
            return new IllegalStateException("No " + channel + " window time within " + MAX_DAYS_SEARCHED + " days after " + at
                    + " in " + zone + " (working days " + workingDays + ", hours " + ranges + ", holidays of " + holidayCountry
                    + "): check the windows configuration");
        }
    }
}
