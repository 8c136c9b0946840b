package io.hyperlocal.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to the test platform with a bearer credential and optional extra headers. */
final class TestingHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private TestingHttp() {}

    /** {@code headers}: name, value, name, value... */
    static HttpResponse<String> send(URL base, String method, String path, String bearer, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** The OpenAI error body's code, checked to be complete (message, type, code). */
    static String errorCode(HttpResponse<String> response) {
        JsonNode error = json(response).get("error");
        if (error == null || !error.hasNonNull("message") || !error.hasNonNull("type") || !error.hasNonNull("code")) {
            throw new AssertionError("not an OpenAI error body: " + response.body());
        }
        return error.get("code").asText();
    }

    static String errorMessage(HttpResponse<String> response) {
        return json(response).at("/error/message").asText();
    }
}
