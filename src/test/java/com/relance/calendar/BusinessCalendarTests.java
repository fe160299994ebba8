package com.relance.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static com.relance.calendar.WindowChannel.EMAIL;
import static com.relance.calendar.WindowChannel.LINKEDIN;
import static com.relance.calendar.WindowChannel.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Business time: working days, channel hours, public holidays from jollyday and daylight saving, all in the
 * prospect's time zone. Results are shown as local date-times with their offset, so a daylight-saving change
 * is visible in the expectation.
 */
class BusinessCalendarTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId RIYADH = ZoneId.of("Asia/Riyadh");

    private final BusinessCalendar calendar = new BusinessCalendar(WindowProperties.defaults());

    // --- working days and windows ---------------------------------------------------------------------------

    @Test
    void aStepDueSaturdayAt23InParisRunsMondayAt9ParisTime() {
        Instant saturdayNight = at("2027-03-06T23:00", PARIS);

        assertThat(local(calendar.nextSlot(saturdayNight, EMAIL, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-08T09:00+01:00");
    }

    @Test
    void anInstantAlreadyInTheWindowIsItsOwnNextSlot() {
        Instant tuesdayMorning = LocalDateTime.parse("2027-03-09T10:17:42.123").atZone(PARIS).toInstant();

        assertThat(calendar.nextSlot(tuesdayMorning, EMAIL, PARIS, "FR", null)).isEqualTo(tuesdayMorning);
        assertThat(calendar.inWindow(tuesdayMorning, EMAIL, PARIS, "FR", null)).isTrue();
    }

    @Test
    void beforeTheWindowOpensTheNextSlotIsThatDaysOpening() {
        assertThat(local(calendar.nextSlot(at("2027-03-09T07:00", PARIS), EMAIL, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-09T09:00+01:00");
        assertThat(local(calendar.nextSlot(at("2027-03-09T07:00", PARIS), PHONE, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-09T09:30+01:00");
    }

    @Test
    void afterTheLastRangeOfTheDayTheNextSlotIsTheNextWorkingDaysFirstRange() {
        assertThat(local(calendar.nextSlot(at("2027-03-09T18:30", PARIS), PHONE, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-10T09:30+01:00");
        assertThat(local(calendar.nextSlot(at("2027-03-12T18:30", PARIS), EMAIL, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-15T09:00+01:00");
    }

    @Test
    void theEndOfARangeIsOutsideIt() {
        Instant friday18 = at("2027-03-12T18:00", PARIS);

        assertThat(calendar.inWindow(friday18, EMAIL, PARIS, "FR", null)).isFalse();
        assertThat(calendar.inWindow(at("2027-03-12T17:59:59", PARIS), EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(local(calendar.nextSlot(friday18, EMAIL, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-15T09:00+01:00");
    }

    @Test
    void theLunchGapBetweenPhoneRangesIsOutsideTheWindow() {
        Instant tuesdayLunch = at("2027-03-09T12:45", PARIS);

        assertThat(calendar.inWindow(tuesdayLunch, PHONE, PARIS, "FR", null)).isFalse();
        assertThat(calendar.inWindow(tuesdayLunch, EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(local(calendar.nextSlot(tuesdayLunch, PHONE, PARIS, "FR", null), PARIS)).isEqualTo("2027-03-09T14:00+01:00");
    }

    @Test
    void eachChannelHasItsOwnHours() {
        Instant tuesday1830 = at("2027-03-09T18:30", PARIS);

        assertThat(calendar.inWindow(tuesday1830, LINKEDIN, PARIS, "FR", null)).isTrue();
        assertThat(calendar.inWindow(tuesday1830, EMAIL, PARIS, "FR", null)).isFalse();
        assertThat(calendar.inWindow(tuesday1830, PHONE, PARIS, "FR", null)).isFalse();
    }

    @Test
    void aCampaignsHoursReplaceTheDefaultsForItsChannelOnly() {
        WindowSettings lateMornings = new WindowSettings(null, List.of(TimeRange.parse("10:00-12:00")), null, null, null);
        Instant tuesday0930 = at("2027-03-09T09:30", PARIS);

        assertThat(local(calendar.nextSlot(tuesday0930, EMAIL, PARIS, "FR", lateMornings), PARIS)).isEqualTo("2027-03-09T10:00+01:00");
        assertThat(local(calendar.nextSlot(at("2027-03-09T12:00", PARIS), EMAIL, PARIS, "FR", lateMornings), PARIS)).isEqualTo("2027-03-10T10:00+01:00");
        assertThat(calendar.inWindow(tuesday0930, PHONE, PARIS, "FR", lateMornings)).isTrue();
    }

    @Test
    void aSundayToThursdayWeekFromTheCampaignIsHonoured() {
        WindowSettings sundayToThursday = new WindowSettings(
                EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
                null, null, null, null);

        assertThat(local(calendar.nextSlot(at("2027-04-09T10:00", RIYADH), EMAIL, RIYADH, "SA", sundayToThursday), RIYADH))
                .as("Friday").isEqualTo("2027-04-11T09:00+03:00");
        assertThat(calendar.inWindow(at("2027-04-11T10:00", RIYADH), EMAIL, RIYADH, "SA", sundayToThursday)).as("Sunday").isTrue();
        assertThat(local(calendar.plusBusinessDays(at("2027-04-08T17:00", RIYADH), 1, EMAIL, RIYADH, "SA", sundayToThursday), RIYADH))
                .as("Thursday + 1").isEqualTo("2027-04-11T17:00+03:00");
        assertThat(calendar.inWindow(at("2027-04-11T10:00", RIYADH), EMAIL, RIYADH, "SA", null))
                .as("Sunday with the default Monday-Friday week").isFalse();
    }

    @Test
    void overlappingRangesActAsOne() {
        WindowSettings overlapping = new WindowSettings(null,
                List.of(TimeRange.parse("14:00-16:00"), TimeRange.parse("09:00-12:00"), TimeRange.parse("11:00-14:00")), null, null, null);

        assertThat(local(calendar.nextSlot(at("2027-03-09T07:00", PARIS), EMAIL, PARIS, "FR", overlapping), PARIS)).isEqualTo("2027-03-09T09:00+01:00");
        assertThat(local(calendar.plusBusinessHours(at("2027-03-09T09:00", PARIS), Duration.ofHours(6), EMAIL, PARIS, "FR", overlapping), PARIS))
                .isEqualTo("2027-03-09T15:00+01:00");
    }

    // --- public holidays --------------------------------------------------------------------------------------

    @Test
    void bastilleDayInFranceMovesToTheNextWorkingDayAt9() {
        Instant bastilleDay = at("2027-07-14T10:00", PARIS);

        assertThat(calendar.inWindow(bastilleDay, EMAIL, PARIS, "FR", null)).isFalse();
        assertThat(local(calendar.nextSlot(bastilleDay, EMAIL, PARIS, "FR", null), PARIS)).isEqualTo("2027-07-15T09:00+02:00");
    }

    @Test
    void the14thOfJulyIsAnOrdinaryDayForAUsProspect() {
        Instant fourteenthOfJuly = at("2027-07-14T10:00", NEW_YORK);

        assertThat(calendar.nextSlot(fourteenthOfJuly, EMAIL, NEW_YORK, "US", null)).isEqualTo(fourteenthOfJuly);
    }

    @Test
    void independenceDayMovesForAUsProspectAndNotForAFrenchOne() {
        Instant fourthOfJuly = at("2028-07-04T10:00", NEW_YORK);

        assertThat(local(calendar.nextSlot(fourthOfJuly, EMAIL, NEW_YORK, "US", null), NEW_YORK)).isEqualTo("2028-07-05T09:00-04:00");
        assertThat(calendar.inWindow(at("2028-07-04T10:00", PARIS), EMAIL, PARIS, "FR", null)).isTrue();
    }

    @Test
    void aUsHolidayOnASaturdayIsObservedOnTheFridayBefore() {
        // 4 July 2026 is a Saturday: the federal holiday is Friday 3 July.
        assertThat(local(calendar.nextSlot(at("2026-07-03T10:00", NEW_YORK), EMAIL, NEW_YORK, "US", null), NEW_YORK))
                .isEqualTo("2026-07-06T09:00-04:00");
    }

    /** What jollyday 1.5.0 says about Easter Monday (29 March 2027) at national level, and for England. */
    @ParameterizedTest(name = "{0}: Easter Monday 2027 is a holiday = {1}")
    @CsvSource({
            "FR, true", "DE, true", "BE, true", "IT, true", "GB-ENG, true",
            "GB, false",  // UK-wide list: Easter Monday is an England, Wales and Northern Ireland holiday, not a Scottish one
            "CH, false",  // cantonal in Switzerland, not federal
            "ES, false",  // regional in Spain
            "US, false"})
    void easterMonday2027IsAHolidayWhereJollydaySaysSo(String country, boolean holiday) {
        assertThat(calendar.inWindow(at("2027-03-29T10:00", PARIS), EMAIL, PARIS, country, null)).isEqualTo(!holiday);
    }

    /** What jollyday 1.5.0 says about Whit Monday (17 May 2027). */
    @ParameterizedTest(name = "{0}: Whit Monday 2027 is a holiday = {1}")
    @CsvSource({
            "FR, true", "DE, true",
            "BE, true",     // jollyday calls it Pentecost Monday
            "CH-ZH, true",  // cantonal: Zurich has it, the federal list does not
            "CH, false", "GB, false", "IT, false", "ES, false"})
    void whitMonday2027IsAHolidayWhereJollydaySaysSo(String country, boolean holiday) {
        assertThat(calendar.inWindow(at("2027-05-17T10:00", PARIS), EMAIL, PARIS, country, null)).isEqualTo(!holiday);
    }

    @Test
    void ukChristmasAndBoxingDayOnAWeekendAreTakenOnTheFollowingWeekdays() {
        // 2027: Christmas is a Saturday and Boxing Day a Sunday: the bank holidays are Monday 27 and Tuesday 28.
        assertThat(local(calendar.plusBusinessDays(at("2027-12-24T10:00", LONDON), 1, EMAIL, LONDON, "GB", null), LONDON))
                .isEqualTo("2027-12-29T10:00Z");
        // 2026: Christmas is a Friday, Boxing Day a Saturday taken on Monday 28.
        assertThat(local(calendar.plusBusinessDays(at("2026-12-24T10:00", LONDON), 1, EMAIL, LONDON, "GB", null), LONDON))
                .isEqualTo("2026-12-29T10:00Z");
    }

    @Test
    void observancesAreWorkingDays() {
        // All Souls' Day in Belgium is an observance in jollyday, not a day off.
        assertThat(calendar.inWindow(at("2027-11-02T10:00", PARIS), EMAIL, PARIS, "BE", null)).isTrue();
        assertThat(calendar.inWindow(at("2027-11-01T10:00", PARIS), EMAIL, PARIS, "BE", null)).isFalse();
    }

    @Test
    void withoutAProspectCountryTheCampaignsThenTheDefaultHolidayCountryApplies() {
        Instant fourteenthOfJuly = at("2027-07-14T10:00", PARIS);
        WindowSettings usCampaign = new WindowSettings(null, null, null, null, "US");

        assertThat(calendar.inWindow(fourteenthOfJuly, EMAIL, PARIS, null, usCampaign)).as("campaign: US").isTrue();
        assertThat(calendar.inWindow(fourteenthOfJuly, EMAIL, PARIS, null, null)).as("default: FR").isFalse();
        assertThat(calendar.inWindow(fourteenthOfJuly, EMAIL, PARIS, " ", WindowSettings.defaults())).as("blank: FR").isFalse();
        assertThat(calendar.inWindow(fourteenthOfJuly, EMAIL, PARIS, "fr", usCampaign)).as("prospect: fr").isFalse();
    }

    @Test
    void anUnknownCountryHasNoHolidaysAndIsLoggedOnceNotPerCall() {
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            Instant newYearsDay = at("2027-01-01T10:00", PARIS);

            assertThat(calendar.inWindow(newYearsDay, EMAIL, PARIS, "ZZ", null)).isTrue();
            assertThat(calendar.nextSlot(newYearsDay, EMAIL, PARIS, "ZZ", null)).isEqualTo(newYearsDay);
            assertThat(calendar.plusBusinessDays(newYearsDay, 3, EMAIL, PARIS, "zz", null)).isNotNull();

            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("'ZZ'");
        } finally {
            releaseLog(log);
        }
    }

    @Test
    void anUnknownSubdivisionKeepsTheCountrysNationalHolidaysAndIsLoggedOnce() {
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            assertThat(calendar.inWindow(at("2027-12-27T10:00", LONDON), EMAIL, LONDON, "GB-XYZ", null)).isFalse();
            assertThat(calendar.inWindow(at("2027-12-28T10:00", LONDON), EMAIL, LONDON, "GB-XYZ", null)).isFalse();

            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("'GB-XYZ'");
        } finally {
            releaseLog(log);
        }
    }

    // --- daylight saving ----------------------------------------------------------------------------------------

    @Test
    void plusBusinessDaysKeepsTheLocalTimeAcrossTheSpringForwardInParis() {
        // Sunday 28 March 2027, 02:00 -> 03:00. In France Monday 29 is Easter Monday, so the next business day is Tuesday.
        Instant friday10 = at("2027-03-26T10:00", PARIS);

        Instant next = calendar.plusBusinessDays(friday10, 1, EMAIL, PARIS, "FR", null);

        assertThat(local(next, PARIS)).isEqualTo("2027-03-30T10:00+02:00");
        assertThat(Duration.between(friday10, next)).isEqualTo(Duration.ofDays(4).minusHours(1));
        // Switzerland has no federal Easter Monday: Monday, one hour earlier in UTC than Friday.
        assertThat(local(calendar.plusBusinessDays(at("2027-03-26T10:00", ZURICH), 1, EMAIL, ZURICH, "CH", null), ZURICH))
                .isEqualTo("2027-03-29T10:00+02:00");
    }

    @Test
    void plusBusinessDaysKeepsTheLocalTimeAcrossTheFallBackInParis() {
        // Sunday 31 October 2027, 03:00 -> 02:00. In France Monday 1 November is All Saints' Day.
        Instant friday10 = at("2027-10-29T10:00", PARIS);

        Instant next = calendar.plusBusinessDays(friday10, 1, EMAIL, PARIS, "FR", null);

        assertThat(local(next, PARIS)).isEqualTo("2027-11-02T10:00+01:00");
        assertThat(Duration.between(friday10, next)).isEqualTo(Duration.ofDays(4).plusHours(1));
        assertThat(local(calendar.plusBusinessDays(at("2027-10-29T10:00", ZURICH), 1, EMAIL, ZURICH, "CH", null), ZURICH))
                .isEqualTo("2027-11-01T10:00+01:00");
    }

    @Test
    void theEmailWindowIs9To18LocalOnBothSidesOfTheChange() {
        // Winter time: the window is 08:00-17:00 UTC; summer time: 07:00-16:00 UTC.
        assertThat(calendar.inWindow(Instant.parse("2027-03-26T08:00:00Z"), EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(calendar.inWindow(Instant.parse("2027-03-26T07:59:59Z"), EMAIL, PARIS, "FR", null)).isFalse();
        assertThat(calendar.inWindow(Instant.parse("2027-03-26T16:59:59Z"), EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(calendar.inWindow(Instant.parse("2027-03-26T17:00:00Z"), EMAIL, PARIS, "FR", null)).isFalse();

        assertThat(calendar.inWindow(Instant.parse("2027-03-30T07:00:00Z"), EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(calendar.inWindow(Instant.parse("2027-03-30T06:59:59Z"), EMAIL, PARIS, "FR", null)).isFalse();
        assertThat(calendar.inWindow(Instant.parse("2027-03-30T15:59:59Z"), EMAIL, PARIS, "FR", null)).isTrue();
        assertThat(calendar.inWindow(Instant.parse("2027-03-30T16:00:00Z"), EMAIL, PARIS, "FR", null)).isFalse();

        assertThat(calendar.nextSlot(Instant.parse("2027-03-26T17:30:00Z"), EMAIL, PARIS, "FR", null))
                .isEqualTo(Instant.parse("2027-03-30T07:00:00Z"));
    }

    @Test
    void windowTimeIsElapsedTimeSoTheSkippedHourDoesNotCountAndTheRepeatedHourCountsTwice() {
        WindowSettings everyDayAtNight = new WindowSettings(EnumSet.allOf(DayOfWeek.class),
                List.of(TimeRange.parse("01:00-05:00")), null, null, null);

        assertThat(local(calendar.plusBusinessHours(at("2027-03-28T01:00", PARIS), Duration.ofHours(2), EMAIL, PARIS, "FR", everyDayAtNight), PARIS))
                .isEqualTo("2027-03-28T04:00+02:00");
        assertThat(local(calendar.plusBusinessHours(at("2027-10-31T01:00", PARIS), Duration.ofHours(2), EMAIL, PARIS, "FR", everyDayAtNight), PARIS))
                .isEqualTo("2027-10-31T02:00+01:00");
    }

    @Test
    void newYorksDaylightSavingChangesKeepTheLocalTimeToo() {
        // Sunday 14 March 2027 (EST -> EDT) and Sunday 7 November 2027 (EDT -> EST).
        assertThat(local(calendar.plusBusinessDays(at("2027-03-12T10:00", NEW_YORK), 1, EMAIL, NEW_YORK, "US", null), NEW_YORK))
                .isEqualTo("2027-03-15T10:00-04:00");
        assertThat(local(calendar.plusBusinessDays(at("2027-11-05T10:00", NEW_YORK), 1, EMAIL, NEW_YORK, "US", null), NEW_YORK))
                .isEqualTo("2027-11-08T10:00-05:00");
        assertThat(local(calendar.nextSlot(at("2027-03-13T12:00", NEW_YORK), EMAIL, NEW_YORK, "US", null), NEW_YORK))
                .isEqualTo("2027-03-15T09:00-04:00");
    }

    // --- business hours ---------------------------------------------------------------------------------------

    @Test
    void friday17PlusTwoEmailHoursIsMonday10() {
        assertThat(local(calendar.plusBusinessHours(at("2027-03-05T17:00", PARIS), Duration.ofHours(2), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-08T10:00+01:00");
    }

    @Test
    void anHourOfPhoneTimeFromNoonSkipsTheLunchGap() {
        assertThat(local(calendar.plusBusinessHours(at("2027-03-09T12:00", PARIS), Duration.ofHours(1), PHONE, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-09T14:30+01:00");
    }

    @Test
    void hoursCountFromTheNextOpeningWhenTheStartIsOutsideTheWindow() {
        assertThat(local(calendar.plusBusinessHours(at("2027-03-06T10:00", PARIS), Duration.ofMinutes(90), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-08T10:30+01:00");
    }

    @Test
    void hoursThatEndExactlyAtClosingGiveTheNextOpeningSoTheResultIsAlwaysInTheWindow() {
        assertThat(local(calendar.plusBusinessHours(at("2027-03-05T17:00", PARIS), Duration.ofHours(1), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-08T09:00+01:00");
        // Three full nine-hour days from Monday 09:00, then the next opening.
        assertThat(local(calendar.plusBusinessHours(at("2027-03-08T09:00", PARIS), Duration.ofHours(27), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-11T09:00+01:00");
    }

    @Test
    void businessHoursSkipHolidays() {
        // Tuesday 13 July 17:00 + 2h: one hour on Tuesday, none on Bastille Day, one on Thursday.
        assertThat(local(calendar.plusBusinessHours(at("2027-07-13T17:00", PARIS), Duration.ofHours(2), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-07-15T10:00+02:00");
    }

    @Test
    void zeroDaysOrHoursIsTheNextSlot() {
        Instant saturday = at("2027-03-06T10:00", PARIS);
        Instant monday9 = at("2027-03-08T09:00", PARIS);

        assertThat(calendar.plusBusinessDays(saturday, 0, EMAIL, PARIS, "FR", null)).isEqualTo(monday9);
        assertThat(calendar.plusBusinessHours(saturday, Duration.ZERO, EMAIL, PARIS, "FR", null)).isEqualTo(monday9);
    }

    // --- business days ----------------------------------------------------------------------------------------

    @Test
    void plusBusinessDaysLandsOutsideTheWindowThenMovesIntoIt() {
        // Friday 19:00 + 1 business day = Monday 19:00, after the email window: Tuesday 09:00.
        assertThat(local(calendar.plusBusinessDays(at("2027-03-05T19:00", PARIS), 1, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-09T09:00+01:00");
        // Monday 10:00 + 5 business days = the next Monday 10:00.
        assertThat(local(calendar.plusBusinessDays(at("2027-03-08T10:00", PARIS), 5, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-15T10:00+01:00");
    }

    @Test
    void friday31DecemberAt17PlusOneBusinessDayIsTheFirstWorkingDayOfJanuary() {
        assertThat(local(calendar.plusBusinessDays(at("2027-12-31T17:00", PARIS), 1, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2028-01-03T17:00+01:00");
        // 1 January 2027 is a Friday: Thursday 31 December 2026 + 1 skips it.
        assertThat(local(calendar.plusBusinessDays(at("2026-12-31T17:00", PARIS), 1, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-01-04T17:00+01:00");
    }

    @Test
    void aUsNewYearsDayOnASaturdayIsObservedOnTheLastDayOfTheYearBefore() {
        // 1 January 2022 was a Saturday: the federal holiday was Friday 31 December 2021.
        assertThat(local(calendar.plusBusinessDays(at("2021-12-30T10:00", NEW_YORK), 1, EMAIL, NEW_YORK, "US", null), NEW_YORK))
                .isEqualTo("2022-01-03T10:00-05:00");
    }

    // --- windows switched off ---------------------------------------------------------------------------------

    @Test
    void disabledWindowsReturnTheInputUnchangedAndPlainCalendarArithmetic() {
        WindowProperties d = WindowProperties.defaults();
        BusinessCalendar off = new BusinessCalendar(new WindowProperties(false, d.workingDays(), d.email(), d.linkedin(), d.phone(), d.holidayCountry()));
        Instant saturdayNight = at("2027-03-06T23:00", PARIS);
        Instant bastilleDay = at("2027-07-14T10:00", PARIS);

        assertThat(off.enabled()).isFalse();
        assertThat(calendar.enabled()).isTrue();
        assertThat(off.nextSlot(saturdayNight, EMAIL, PARIS, "FR", null)).isEqualTo(saturdayNight);
        assertThat(off.inWindow(saturdayNight, PHONE, PARIS, "FR", null)).isTrue();
        assertThat(off.nextSlot(bastilleDay, EMAIL, PARIS, "FR", null)).isEqualTo(bastilleDay);
        assertThat(local(off.plusBusinessHours(at("2027-03-05T17:00", PARIS), Duration.ofHours(2), EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-05T19:00+01:00");
        assertThat(local(off.plusBusinessDays(at("2027-03-05T17:00", PARIS), 1, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-06T17:00+01:00");
        // Plain days keep the local time across daylight saving, like business days do.
        assertThat(local(off.plusBusinessDays(at("2027-03-27T10:00", PARIS), 1, EMAIL, PARIS, "FR", null), PARIS))
                .isEqualTo("2027-03-28T10:00+02:00");
    }

    // --- bad input --------------------------------------------------------------------------------------------

    @Test
    void aRangeEndingBeforeItStartsIsRejectedNamingItAndSayingMidnightIsNotSupported() {
        assertThatThrownBy(() -> TimeRange.parse("22:00-02:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'22:00-02:00'")
                .hasMessageContaining("midnight");
        assertThatThrownBy(() -> TimeRange.parse("09:00-09:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'09:00-09:00'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9h-12h", "09:00", "09:00-12:00-14:00", "25:00-26:00", "", "morning"})
    void anUnparsableRangeIsRejectedNamingTheValue(String text) {
        assertThatThrownBy(() -> TimeRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("HH:mm-HH:mm");
    }

    @Test
    void rangesAreReadWithSpacesSingleDigitHoursAndSecondsAndWrittenBackAsHHmm() {
        assertThat(TimeRange.parse(" 9:30 - 12:30 ")).isEqualTo(TimeRange.parse("09:30-12:30"));
        assertThat(TimeRange.parse("09:30-12:30")).hasToString("09:30-12:30");
        assertThat(TimeRange.parse("09:30:15-12:30")).hasToString("09:30:15-12:30");
    }

    @Test
    void emptyCampaignOverridesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new WindowSettings(Set.of(), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windows.workingDays");
        assertThatThrownBy(() -> new WindowSettings(null, null, null, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windows.phone");
    }

    @Test
    void negativeDaysOrHoursAreRejected() {
        Instant now = at("2027-03-09T10:00", PARIS);

        assertThatThrownBy(() -> calendar.plusBusinessDays(now, -1, EMAIL, PARIS, "FR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> calendar.plusBusinessHours(now, Duration.ofHours(-1), EMAIL, PARIS, "FR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1H");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    /** The instant as the prospect's clock shows it, with its offset, e.g. {@code 2027-03-08T09:00+01:00}. */
    private static String local(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(Holidays.class)).addAppender(appender);
        return appender;
    }

    private static void releaseLog(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(Holidays.class)).detachAppender(appender);
    }
}
