package com.relance.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * Boot's {@link MongoTemplate}, without Spring Data's entity lifecycle events: nothing in Relance listens to
 * them, and every document mapped on a read (two events) or a write (three) went through the application
 * context's multicaster, on every step and every list. A mapping event listener added later needs them back.
 */
@Configuration(proxyBeanMethods = false)
class MongoTemplateConfiguration {

    @Bean
    MongoTemplate mongoTemplate(MongoDatabaseFactory factory, MongoConverter converter) {
        MongoTemplate template = new MongoTemplate(factory, converter);
        template.setEntityLifecycleEventsEnabled(false);
        return template;
    }
}
