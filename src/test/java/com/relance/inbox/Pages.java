package com.relance.inbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.relance.test.Api;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.client.TestRestTemplate.HttpClientOption;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages as a browser gets them: logged in through the form, keeping the session cookie. */
final class Pages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    private Pages() {
    }

    /** A client with the session of {@code user}, logged in through {@code /login}. */
    static TestRestTemplate loggedIn(TestRestTemplate rest, String user) {
        TestRestTemplate browser = new TestRestTemplate(new RestTemplateBuilder()
                .uriTemplateHandler(rest.getRestTemplate().getUriTemplateHandler()), null, null, HttpClientOption.ENABLE_COOKIES);
        String form = browser.getForObject("/login", String.class);
        Matcher csrf = CSRF.matcher(form);
        assertThat(csrf.find()).as("login form with a CSRF token: %s", form).isTrue();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
        fields.add("username", user);
        fields.add("password", Api.PASSWORD);
        fields.add("_csrf", csrf.group(1));
        browser.exchange("/login", HttpMethod.POST, new HttpEntity<>(fields, headers), String.class);
        return browser;
    }
}
