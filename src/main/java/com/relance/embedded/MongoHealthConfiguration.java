package com.relance.embedded;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB health through {@code isMaster}, which both a real MongoDB and the embedded server answer
 * (Boot's own indicator sends {@code hello}, which the embedded server rejects).
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

    @Bean
    HealthIndicator mongoHealthContributor(MongoTemplate mongo) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document result = mongo.executeCommand("{ isMaster: 1 }");
                builder.up().withDetail("maxWireVersion", result.get("maxWireVersion"));
            }
        };
    }
}
