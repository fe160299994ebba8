package com.relance.calendar;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code relance.windows.*} ranges written {@code 09:30-12:30}. */
@Component
@ConfigurationPropertiesBinding
class TimeRangeConverter implements Converter<String, TimeRange> {

    @Override
    public TimeRange convert(String source) {
        return TimeRange.parse(source);
    }
}
