package com.relance.test;

import org.springframework.boot.test.web.client.TestRestTemplate;

/** Users the tests call the API as; created once per context by {@link TestUsers}. */
public final class Api {

    public static final String PASSWORD = "test-password";

    private Api() {
    }

    public static TestRestTemplate as(TestRestTemplate rest, String userId) {
        return rest.withBasicAuth(userId, userId.equals("admin") ? "admin" : PASSWORD);
    }
}
