package com.relance.channel.linkedin;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The HTTP provider that performs LinkedIn actions in provider mode. One {@code POST} to
 * {@code relance.linkedin.provider-url} per step run, with the step's key as idempotency key (header
 * {@code Idempotency-Key} and field {@code idempotencyKey}), so a provider that honours it acts once even
 * when Relance repeats the call after a crash.
 */
@Component
class LinkedInProvider {

    /** The JSON body of a provider call, as documented in the README. */
    record Action(String action, String profileUrl, String text, String idempotencyKey, String sender,
                  String prospectId) {
    }

    /** The provider is throttling us (HTTP 429): try again in the next window, not sooner than {@code retryAfter}. */
    static class Busy extends RuntimeException {
        private final transient Optional<Duration> retryAfter;

        Busy(Optional<Duration> retryAfter) {
            super("LinkedIn provider answered 429 Too Many Requests", null, false, false);
            this.retryAfter = retryAfter;
        }

        Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /** The call failed (network, 5xx, an answer without a reference): the job retries with backoff. */
    static class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final LinkedInProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    LinkedInProvider(LinkedInProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    boolean configured() {
        return properties.providerUrl() != null && !properties.providerUrl().toString().isBlank();
    }

    /** Performs the action and returns the provider's reference for it. */
    String perform(Action action) {
        HttpRequest.Builder request = HttpRequest.newBuilder(properties.providerUrl())
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", action.idempotencyKey());
        if (properties.apiToken() != null && !properties.apiToken().isBlank()) {
            request.header("Authorization", "Bearer " + properties.apiToken());
        }
        HttpResponse<String> response;
        try {
            request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(action)));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure("LinkedIn provider unreachable at " + properties.providerUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("Interrupted while calling the LinkedIn provider", e);
        }
        if (response.statusCode() == 429) {
            throw new Busy(retryAfter(response));
        }
        if (response.statusCode() / 100 != 2) {
            throw new Failure("LinkedIn provider answered " + response.statusCode() + ": " + abbreviate(response.body()), null);
        }
        try {
            JsonNode reference = json.readTree(response.body()).path("reference");
            if (!reference.isTextual() || reference.asText().isBlank()) {
                throw new Failure("LinkedIn provider answered " + response.statusCode() + " without a 'reference': "
                        + abbreviate(response.body()), null);
            }
            return reference.asText();
        } catch (IOException e) {
            throw new Failure("LinkedIn provider answered " + response.statusCode() + " with no JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                // an HTTP date: the next window is later anyway
                return Optional.empty();
            }
        });
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
