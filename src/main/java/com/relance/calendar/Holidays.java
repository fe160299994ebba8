package com.relance.calendar;

import java.time.LocalDate;
import java.time.Year;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public holidays from jollyday, per ISO 3166 country code ({@code FR}) or subdivision ({@code GB-ENG}).
 * A holiday is a day off when jollyday types it as a public or bank holiday (observances are working days);
 * both its date and, when it falls on a weekend, its substitute ("observed") date are days off. Managers are
 * cached per country and holiday dates per (code, year); an unknown code has no holidays and is logged once.
 */
final class Holidays {

    private static final Logger log = LoggerFactory.getLogger(Holidays.class);

    private final ConcurrentMap<String, Optional<Calendar>> calendars = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, HolidayManager> managers = new ConcurrentHashMap<>();
    private final ConcurrentMap<YearKey, Set<LocalDate>> daysOff = new ConcurrentHashMap<>();

    /** Whether {@code date} is a public holiday for {@code code}; false for an unknown code. */
    boolean isHoliday(LocalDate date, String code) {
        return calendar(code)
                .map(calendar -> daysOff.computeIfAbsent(new YearKey(calendar.code(), date.getYear()), key -> load(calendar, key.year())))
                .map(days -> days.contains(date))
                .orElse(false);
    }

    private Optional<Calendar> calendar(String code) {
        String normalised = code.trim().toUpperCase(Locale.ROOT);
        return calendars.computeIfAbsent(normalised, this::resolve);
    }

    private Optional<Calendar> resolve(String code) {
        int dash = code.indexOf('-');
        String country = dash < 0 ? code : code.substring(0, dash);
        String subdivision = dash < 0 ? null : code.substring(dash + 1).toLowerCase(Locale.ROOT);
        if (!HolidayManager.getSupportedCalendarCodes().contains(country)) {
            log.warn("No public holiday calendar for country '{}': its prospects get no holidays, only working days and hours", code);
            return Optional.empty();
        }
        HolidayManager manager = managers.computeIfAbsent(country,
                c -> HolidayManager.getInstance(ManagerParameters.create(c.toLowerCase(Locale.ROOT))));
        if (subdivision != null && !manager.getCalendarHierarchy().getChildren().containsKey(subdivision)) {
            log.warn("No public holiday calendar for subdivision '{}' of {} (known: {}): only {}'s national holidays apply",
                    code, country, manager.getCalendarHierarchy().getChildren().keySet(), country);
            return Optional.of(new Calendar(country, manager, new String[0]));
        }
        return Optional.of(new Calendar(code, manager, subdivision == null ? new String[0] : new String[]{subdivision}));
    }

    /**
     * The days off falling in {@code year}. A holiday of one year can be observed in the year before
     * (in the US, 1 January on a Saturday is observed on 31 December), so the neighbouring years are read too.
     */
    private static Set<LocalDate> load(Calendar calendar, int year) {
        Set<LocalDate> days = new HashSet<>();
        for (int y = year - 1; y <= year + 1; y++) {
            for (Holiday holiday : calendar.manager().getHolidays(Year.of(y), calendar.subdivisions())) {
                if (holiday.getType() == HolidayType.OBSERVANCE) {
                    continue;
                }
                addIfIn(days, holiday.getDate(), year);        // the day off (the substitute day when moved)
                addIfIn(days, holiday.getActualDate(), year);  // the holiday's own date
            }
        }
        return Set.copyOf(days);
    }

    private static void addIfIn(Set<LocalDate> days, LocalDate date, int year) {
        if (date.getYear() == year) {
            days.add(date);
        }
    }

    private record Calendar(String code, HolidayManager manager, String[] subdivisions) {
    }

    private record YearKey(String code, int year) {
    }
}
