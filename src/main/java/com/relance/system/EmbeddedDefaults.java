package com.relance.system;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tells whether Relance runs on its embedded defaults (H2 file for Camunda, embedded MongoDB server)
 * and, only then, supplies a documented first admin ({@code admin}/{@code admin}). With an external
 * database the operator sets {@code camunda.bpm.admin-user.*} explicitly: no default password ever
 * reaches a real database.
 */
public class EmbeddedDefaults implements EnvironmentPostProcessor, Ordered {

    /** True when Camunda runs on H2 and MongoDB is the embedded server. */
    public static boolean active(Environment env) {
        String jdbcUrl = env.getProperty("spring.datasource.url", "");
        String mongoUri = env.getProperty("spring.data.mongodb.uri", "");
        return (jdbcUrl.isBlank() || jdbcUrl.startsWith("jdbc:h2:")) && mongoUri.isBlank();
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (active(env)) {
            env.getPropertySources().addLast(new MapPropertySource("relanceEmbeddedDefaults", Map.of(
                    "camunda.bpm.admin-user.id", "admin",
                    "camunda.bpm.admin-user.password", "admin",
                    "camunda.bpm.admin-user.first-name", "Relance",
                    "camunda.bpm.admin-user.last-name", "Admin")));
        }
    }

    @Override
    public int getOrder() {
        // after application.yml and the command line have been loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
