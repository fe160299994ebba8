package com.relance.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Everything needs a login except health, unsubscribe links and webhooks ({@code /webhooks/**}: each checks its
 * sender's signature, Twilio's or {@link WebhookSignature}). The API and {@code /engine-rest}
 * take HTTP Basic (Camunda Modeler deploys that way); pages and the Camunda webapps use a form login.
 * Camunda's own filters then pick up the Spring Security user, so engine authorizations apply.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Right after Spring Security's chain (order -100), before Camunda's REST and webapp servlets. */
    private static final int CAMUNDA_AUTHENTICATION_ORDER = 101;

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/engine-rest/**"), path("/actuator/**")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(path("/actuator/health"), path("/actuator/health/**")).permitAll()
                        // managers' monitoring: figures of every campaign and caller, and the metrics scrape
                        .requestMatchers(path("/api/stats/**"), path("/api/campaigns/*/stats"), path("/actuator/prometheus"))
                        .hasAnyAuthority(Groups.MANAGERS, Groups.ADMIN)
                        .requestMatchers(path(HttpMethod.GET, "/api/**")).authenticated()
                        // anyone who hears back from a prospect may say so
                        .requestMatchers(path(HttpMethod.POST, "/api/prospects/*/signals")).authenticated()
                        .requestMatchers(path("/api/prospects/**"), path("/api/campaigns/**"), path("/api/suppressions/**"))
                        .hasAnyAuthority(Groups.MARKETING, Groups.MANAGERS, Groups.ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problemEntryPoint()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Basic credentials are sent deliberately by the client, never implied by a cookie
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(path("/unsubscribe/**"), path("/twilio/twiml/**"), path("/webhooks/**"),
                                path("/login"), path("/error"), path("/favicon.ico"))
                        .permitAll()
                        .requestMatchers(path("/dashboard"), path("/dashboard/**")).hasAnyAuthority(Groups.MANAGERS, Groups.ADMIN)
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // Camunda's webapps protect themselves with their own CSRF cookie; one-click unsubscribe is
                // an anonymous POST from mail providers (RFC 8058); webhooks carry their sender's signature instead
                .csrf(csrf -> csrf.ignoringRequestMatchers(path("/camunda/**"), path("/unsubscribe/**"),
                        path("/twilio/twiml/**"), path("/webhooks/**")));
        return http.build();
    }

    /** Matches the path within the application, whichever servlet (MVC, Jersey, Camunda's webapp) serves it. */
    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }

    private static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, exception) -> writeUnauthorized(response);
    }

    private static void writeUnauthorized(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"Relance\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("""
                {"type":"about:blank","title":"Unauthorized","status":401,\
                "detail":"Log in with HTTP Basic: a user of Camunda's identity service"}""");
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("relance-engine-rest-authentication");
        registration.addInitParameter("authentication-provider", ContainerBasedAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(CAMUNDA_AUTHENTICATION_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappAuthentication() {
        var registration = new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        registration.setName("relance-webapp-authentication");
        registration.addInitParameter("authentication-provider", ContainerBasedAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/camunda/*");
        registration.setOrder(CAMUNDA_AUTHENTICATION_ORDER);
        return registration;
    }
}
