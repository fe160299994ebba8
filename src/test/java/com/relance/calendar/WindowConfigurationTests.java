package com.relance.calendar;

import java.io.IOException;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** relance.windows.* as Spring binds it, and a campaign's "windows" object as JSON carries it. */
class WindowConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Windows.class);

    @Test
    void nothingConfiguredBindsTheDocumentedDefaults() {
        context.run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(WindowProperties.class)).isEqualTo(WindowProperties.defaults());
            assertThat(app.getBean(BusinessCalendar.class).enabled()).isTrue();
        });
    }

    @Test
    void theApplicationYmlBlockSaysTheSameAsTheDefaults() {
        context.withInitializer(app -> {
            try {
                app.getEnvironment().getPropertySources().addFirst(
                        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).get(0));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getEnvironment().getProperty("relance.windows.phone")).isEqualTo("09:30-12:30,14:00-18:00");
            assertThat(app.getBean(WindowProperties.class)).isEqualTo(WindowProperties.defaults());
        });
    }

    @Test
    void rangesAndDaysBindFromStrings() {
        context.withPropertyValues(
                "relance.windows.enabled=false",
                "relance.windows.working-days=SUNDAY,MONDAY,TUESDAY,WEDNESDAY,THURSDAY",
                "relance.windows.phone=08:00-10:00, 16:00-17:30",
                "relance.windows.email[0]=07:30-11:00",
                "relance.windows.holiday-country=BE"
        ).run(app -> {
            WindowProperties windows = app.getBean(WindowProperties.class);
            assertThat(windows.enabled()).isFalse();
            assertThat(windows.workingDays()).containsExactlyInAnyOrder(
                    DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
            assertThat(windows.phone()).containsExactly(TimeRange.parse("08:00-10:00"), TimeRange.parse("16:00-17:30"));
            assertThat(windows.email()).containsExactly(TimeRange.parse("07:30-11:00"));
            assertThat(windows.linkedin()).containsExactly(TimeRange.parse("09:00-19:00"));
            assertThat(windows.holidayCountry()).isEqualTo("BE");
            assertThat(app.getBean(BusinessCalendar.class).enabled()).isFalse();
        });
    }

    @Test
    void aRangeEndingBeforeItStartsFailsStartUpNamingTheValue() {
        context.withPropertyValues("relance.windows.phone=09:30-12:30,18:00-14:00").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause().hasMessageContaining("'18:00-14:00'").hasMessageContaining("midnight");
        });
    }

    @Test
    void anUnparsableRangeFailsStartUpNamingTheValue() {
        context.withPropertyValues("relance.windows.email=9am-6pm").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause().hasMessageContaining("'9am-6pm'");
        });
    }

    @Test
    void anEmptyWorkingWeekFailsStartUpNamingTheProperty() {
        context.withPropertyValues("relance.windows.working-days=").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause().hasMessageContaining("relance.windows.working-days");
        });
    }

    @Test
    void aCampaignsWindowsObjectReadsFromJsonWithMissingFieldsLeftToTheDefaults() throws Exception {
        ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

        WindowSettings windows = json.readValue("""
                {"workingDays": ["SUNDAY", "MONDAY"], "phone": ["09:00-12:00", "14:00-17:00"], "holidayCountry": "GB-ENG"}
                """, WindowSettings.class);

        assertThat(windows).isEqualTo(new WindowSettings(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY), null, null,
                List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("14:00-17:00")), "GB-ENG"));
        assertThat(json.readValue("{}", WindowSettings.class)).isEqualTo(WindowSettings.defaults());
        assertThat(json.writeValueAsString(new WindowSettings(null, List.of(TimeRange.parse("09:00-18:00")), null, null, "FR")))
                .contains("\"email\":[\"09:00-18:00\"]");
    }

    @Test
    void aBadRangeInACampaignsJsonIsRejectedNamingTheValue() {
        ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

        assertThatThrownBy(() -> json.readValue("{\"email\": [\"18:00-09:00\"]}", WindowSettings.class))
                .hasMessageContaining("'18:00-09:00'");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WindowProperties.class)
    @Import({TimeRangeConverter.class, BusinessCalendar.class})
    static class Windows {
    }
}
