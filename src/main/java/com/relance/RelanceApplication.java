package com.relance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.web.config.EnableSpringDataWebSupport;

import static org.springframework.data.web.config.EnableSpringDataWebSupport.PageSerializationMode.VIA_DTO;

/**
 * Relance: one Camunda process instance per prospect and campaign, every touch recorded in MongoDB.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableSpringDataWebSupport(pageSerializationMode = VIA_DTO)
public class RelanceApplication {

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan of every jar for each body part
        // and each encoded header unless this names it: 3% of all CPU in the benchmark (README, Performance)
        System.setProperty("jakarta.mail.util.StreamProvider",
                System.getProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider"));
    }

    public static void main(String[] args) {
        SpringApplication.run(RelanceApplication.class, args);
    }
}
