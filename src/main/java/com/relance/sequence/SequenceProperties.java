package com.relance.sequence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param location Spring resource pattern of the sequences deployed at start-up (the repo's {@code bpmn/}
 *                 folder, which the jar carries); a file is deployed again only when it changed
 */
@ConfigurationProperties("relance.sequences")
public record SequenceProperties(@DefaultValue("classpath*:bpmn/**/*.bpmn") String location) {
}
