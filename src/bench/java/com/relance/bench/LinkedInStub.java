package com.relance.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * The LinkedIn provider of the benchmark: a local HTTP server (real socket) that accepts every action
 * and answers with a reference, as a provider would (README, "LinkedIn touches", provider contract).
 */
final class LinkedInStub implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong actions = new AtomicLong();

    LinkedInStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actions", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            byte[] answer = ("{\"reference\":\"bench-" + actions.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions";
    }

    long actions() {
        return actions.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
