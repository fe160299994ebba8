package com.relance.prospect;

import java.time.ZoneId;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How prospect data is normalised and imported.
 *
 * @param defaultRegion   ISO country used to read phone numbers written in national format
 * @param defaultTimeZone used when a prospect has no time zone and none can be inferred from the phone
 * @param defaultLocale   used when a prospect has no locale
 * @param importBatchSize rows written to MongoDB per batch during a CSV import
 */
@ConfigurationProperties("relance.prospects")
public record ProspectProperties(@DefaultValue("FR") String defaultRegion,
                                 @DefaultValue("Europe/Paris") ZoneId defaultTimeZone,
                                 @DefaultValue("fr") Locale defaultLocale,
                                 @DefaultValue("1000") int importBatchSize) {
}
