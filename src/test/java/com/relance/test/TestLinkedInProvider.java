package com.relance.test;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The LinkedIn provider of the shared test context, played by WireMock on a free port, and the shared secrets
 * of the signed webhooks. Campaigns are in manual mode unless a test creates one in provider mode.
 */
public final class TestLinkedInProvider {

    public static final String PATH = "/v1/actions";
    public static final String API_TOKEN = "test-linkedin-token";
    public static final String LINKEDIN_WEBHOOK_SECRET = "linkedin-webhook-secret";
    public static final String MEETINGS_WEBHOOK_SECRET = "meetings-webhook-secret";

    private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());

    static {
        SERVER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
    }

    private TestLinkedInProvider() {
    }

    public static WireMockServer server() {
        return SERVER;
    }

    static String url() {
        return "http://127.0.0.1:" + SERVER.port() + PATH;
    }
}
