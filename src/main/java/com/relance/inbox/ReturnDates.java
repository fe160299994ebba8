package com.relance.inbox;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * Finds when an out-of-office message says its author is back: the last date it names between the day
 * it was received and a year later ("absent du 1er au 12 mars", "back on March 12th", "until 12/03/2027").
 * Dates without a year are the next such day (unless just past); {@code 03/12} is read day first unless
 * that is impossible.
 */
final class ReturnDates {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            entry("janvier", 1), entry("january", 1), entry("jan", 1),
            entry("février", 2), entry("fevrier", 2), entry("february", 2), entry("feb", 2), entry("fév", 2), entry("fev", 2),
            entry("mars", 3), entry("march", 3), entry("mar", 3),
            entry("avril", 4), entry("april", 4), entry("apr", 4), entry("avr", 4),
            entry("mai", 5), entry("may", 5),
            entry("juin", 6), entry("june", 6), entry("jun", 6),
            entry("juillet", 7), entry("july", 7), entry("jul", 7), entry("juil", 7),
            entry("août", 8), entry("aout", 8), entry("august", 8), entry("aug", 8),
            entry("septembre", 9), entry("september", 9), entry("sept", 9), entry("sep", 9),
            entry("octobre", 10), entry("october", 10), entry("oct", 10),
            entry("novembre", 11), entry("november", 11), entry("nov", 11),
            entry("décembre", 12), entry("decembre", 12), entry("december", 12), entry("dec", 12), entry("déc", 12));
    private static final String MONTH = "(janvier|january|jan|février|fevrier|february|feb|fév|fev|mars|march|mar|avril|april|apr|avr"
            + "|mai|may|juin|june|jun|juillet|july|juil|jul|août|aout|august|aug|septembre|september|sept|sep"
            + "|octobre|october|oct|novembre|november|nov|décembre|decembre|december|dec|déc)\\.?";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern NUMERIC = Pattern.compile("\\b(\\d{1,2})[/.](\\d{1,2})(?:[/.](\\d{4}|\\d{2}))?\\b");
    private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})(?:er|st|nd|rd|th)?\\s+" + MONTH + "(?:\\s+(\\d{4}))?(?!\\w)", FLAGS);
    private static final Pattern MONTH_DAY = Pattern.compile("(?<!\\w)" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?", FLAGS);

    /** A date without a year this many days before the message is a past date, not next year's. */
    private static final int RECENT_PAST_DAYS = 60;

    private ReturnDates() {
    }

    static Optional<LocalDate> last(String text, LocalDate received) {
        LocalDate latest = null;
        for (LocalDate date : new Finder(text, received).all()) {
            if (!date.isBefore(received) && !date.isAfter(received.plusYears(1))
                    && (latest == null || date.isAfter(latest))) {
                latest = date;
            }
        }
        return Optional.ofNullable(latest);
    }

    private record Finder(String text, LocalDate received) {

        List<LocalDate> all() {
            List<LocalDate> dates = new ArrayList<>();
            Matcher iso = ISO.matcher(text);
            while (iso.find()) {
                add(dates, Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
            }
            // ISO dates blanked out, same length, so they are not read again as numbers
            String rest = ISO.matcher(text).replaceAll(match -> " ".repeat(match.group().length()));
            Matcher numeric = NUMERIC.matcher(rest);
            while (numeric.find()) {
                int first = Integer.parseInt(numeric.group(1));
                int second = Integer.parseInt(numeric.group(2));
                String year = numeric.group(3);
                if (year == null && rest.charAt(numeric.start() + numeric.group(1).length()) == '.') {
                    continue; // 10.30 is a time, not the 10th of a 30th month
                }
                // day first (French, British), unless only month first makes sense (US)
                boolean monthFirst = second > 12 && first <= 12;
                addDay(dates, year, monthFirst ? second : first, monthFirst ? first : second);
            }
            Matcher dayMonth = DAY_MONTH.matcher(text);
            while (dayMonth.find()) {
                addDay(dates, dayMonth.group(3), Integer.parseInt(dayMonth.group(1)), month(dayMonth.group(2)));
            }
            Matcher monthDay = MONTH_DAY.matcher(text);
            while (monthDay.find()) {
                addDay(dates, monthDay.group(3), Integer.parseInt(monthDay.group(2)), month(monthDay.group(1)));
            }
            return dates;
        }

        private void addDay(List<LocalDate> dates, String year, int day, int month) {
            if (year != null) {
                int y = Integer.parseInt(year);
                add(dates, y < 100 ? 2000 + y : y, month, day);
                return;
            }
            try {
                // "05/01" received on 20 December is next January; "1er février" received in March is past
                LocalDate thisYear = MonthDay.of(month, day).atYear(received.getYear());
                dates.add(thisYear.isBefore(received.minusDays(RECENT_PAST_DAYS)) ? thisYear.plusYears(1) : thisYear);
            } catch (DateTimeException e) {
                // not a date: 31/02, 45/13
            }
        }

        private static void add(List<LocalDate> dates, int year, int month, int day) {
            try {
                dates.add(LocalDate.of(year, month, day));
            } catch (DateTimeException e) {
                // not a date
            }
        }

        private static int month(String name) {
            return MONTHS.get(name.toLowerCase(Locale.ROOT).replace(".", ""));
        }
    }
}
