package com.relance.campaign;

import java.util.List;

import com.relance.calendar.TimeRange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/** Stores a campaign's window ranges as readable {@code "09:00-18:00"} strings. */
@Configuration(proxyBeanMethods = false)
class CampaignMongoConversions {

    @Bean
    MongoCustomConversions mongoCustomConversions() {
        return new MongoCustomConversions(List.of(new TimeRangeWriter(), new TimeRangeReader()));
    }

    @WritingConverter
    static class TimeRangeWriter implements Converter<TimeRange, String> {
        @Override
        public String convert(TimeRange range) {
            return range.toString();
        }
    }

    @ReadingConverter
    static class TimeRangeReader implements Converter<String, TimeRange> {
        @Override
        public TimeRange convert(String text) {
            return TimeRange.parse(text);
        }
    }
}
