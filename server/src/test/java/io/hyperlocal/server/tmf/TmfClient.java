package io.hyperlocal.server.tmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the TMF APIs of the test platform with the admin key, as the operator's BSS does. */
final class TmfClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CATALOG = "/tmf-api/productCatalogManagement/v5";
    static final String ORDERING = "/tmf-api/productOrderingManagement/v5";
    static final String INVENTORY = "/tmf-api/productInventory/v5";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URL base;

    TmfClient(URL base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, "application/json", TestPlatform.adminKey());
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and parses the answer, which must have {@code status}. */
    JsonNode expect(int status, String method, String path, String body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + response.statusCode()
                    + ": " + response.body());
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code path} until its {@code field} is one of {@code values}, for at most 10 s. */
    JsonNode awaitField(String path, String field, String... values) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode node;
        do {
            node = expect(200, "GET", path, null);
            for (String value : values) {
                if (node.path(field).asText().equals(value)) {
                    return node;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " never had " + field + " in " + java.util.List.of(values) + ": " + node);
    }
}
