package com.relance.channel.phone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import com.twilio.http.NetworkHttpClient;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;

/**
 * Twilio's HTTP client with every connection routed to {@code relance.twilio.api-base-url}'s scheme, host and
 * port. The SDK keeps building its own URLs (it rewrites dotted host names, so a different base URL cannot be
 * given to it): requests keep Twilio's path and {@code Host}, only the connection goes elsewhere (a test
 * stand-in, a proxy).
 */
class RoutedTwilioHttpClient extends NetworkHttpClient implements AutoCloseable {

    RoutedTwilioHttpClient(URI apiBaseUrl) {
        super(builder(apiBaseUrl));
    }

    private static HttpClientBuilder builder(URI apiBaseUrl) {
        boolean secure = "https".equalsIgnoreCase(apiBaseUrl.getScheme());
        int port = apiBaseUrl.getPort() != -1 ? apiBaseUrl.getPort() : secure ? 443 : 80;
        HttpHost destination = new HttpHost(secure ? "https" : "http", apiBaseUrl.getHost(), port);
        HttpRoute route = new HttpRoute(destination, null, secure);
        return HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(DEFAULT_SOCKET_CONFIG)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setSocketTimeout(SOCKET_TIMEOUT)
                                .build())
                        .build())
                .setDefaultRequestConfig(DEFAULT_REQUEST_CONFIG)
                // the SDK retries server errors itself; a second layer would keep the caller waiting for seconds
                .disableAutomaticRetries()
                .setRoutePlanner((target, context) -> route);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
