package com.relance.embedded;

import java.util.Properties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Runs the local mail sink and sends to it when no {@code spring.mail.host} is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.mail.host:}' == ''")
class MailSinkConfiguration {

    @Bean
    MailSink mailSink(EmbeddedProperties embedded) {
        return new MailSink(embedded.mailSink());
    }

    @Bean
    JavaMailSenderImpl mailSender(MailSink sink) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(sink.smtpPort());
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        sender.setJavaMailProperties(props);
        return sender;
    }
}
