package riderupdates.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static riderupdates.web.WebTestSupport.position;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import riderupdates.config.RiderSettings;
import riderupdates.config.SettingsWithEnvironment;
import riderupdates.web.WebTestSupport.WebApp;

/** Bound to loopback by default; elsewhere only with RIDER_WEB_TOKEN, and then nothing without it. */
class LiveSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "s3cret-token-for-the-test";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aNonLoopbackAddressWithoutATokenRefusesToStart() {
        for (String host : List.of("0.0.0.0", "192.0.2.10", "::")) {
            RiderSettings settings = SettingsWithEnvironment.load(Map.of("rider.web.host", host), Map.of());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> LiveView.configure(new Main(), settings));
            assertTrue(refused.getMessage().contains("RIDER_WEB_TOKEN"), refused.getMessage());
        }
        // the default is loopback, and loopback starts without one
        assertEquals("127.0.0.1", RiderSettings.load(Map.of()).get("rider.web.host"));
        LiveView.configure(new Main(), SettingsWithEnvironment.load(Map.of("rider.web.host", "localhost"), Map.of()));
    }

    @Test
    void theTokenComesFromTheEnvironmentOnly() {
        RiderSettings settings = SettingsWithEnvironment.load(
                Map.of("rider.web.host", "0.0.0.0", "rider.web.token", TOKEN), Map.of());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LiveView.configure(new Main(), settings));
        assertTrue(refused.getMessage().contains("environment only"), refused.getMessage());
        // from the environment, a non-loopback address is accepted
        assertTrue(LiveView.configure(new Main(), SettingsWithEnvironment.load(Map.of("rider.web.host", "0.0.0.0"),
                Map.of("RIDER_WEB_TOKEN", TOKEN))).tokenRequired());
    }

    @Test
    void withATokenEveryRequestNeedsItAndAWrongOrMissingOneGets401AndNothingElse() throws Exception {
        WebTestSupport.clearTable();
        WebTestSupport.store(List.of(position("tony", "north", 1, Instant.parse("2026-12-01T10:00:00Z"))));
        RiderSettings settings = SettingsWithEnvironment.load(WebApp.settings(Map.of()), Map.of("RIDER_WEB_TOKEN", TOKEN));
        try (WebApp app = WebApp.start(settings)) {
            assertTrue(app.view().tokenRequired());
            for (String path : List.of("/api/riders", "/api/riders/tony", "/api/regions", "/api/stream", "/",
                    "/index.html", "/app.js", "/app.css", "/nothing")) {
                for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN}) {
                    HttpResponse<String> response = get(app, path, authorization, "application/json");
                    assertEquals(401, response.statusCode(), path + " with " + authorization);
                    assertEquals("Bearer realm=\"riders\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
                    assertFalse(response.body().contains("tony") || response.body().contains("<template"), response.body());
                }
            }
            assertEquals(200, get(app, "/api/riders", "Bearer " + TOKEN, "application/json").statusCode());
            assertTrue(get(app, "/api/riders/tony", "bearer " + TOKEN, "application/json").body().contains("north"));
            assertEquals(200, get(app, "/", "Bearer " + TOKEN, "text/html").statusCode());
            assertEquals(404, get(app, "/nothing", "Bearer " + TOKEN, "application/json").statusCode());

            // a browser opening the page without the token gets the form that asks for it: no page, no data
            HttpResponse<String> unlock = get(app, "/", null, "text/html,application/xhtml+xml");
            assertEquals(401, unlock.statusCode());
            assertTrue(unlock.body().contains("RIDER_WEB_TOKEN") && !unlock.body().contains("rider-template"));
            assertTrue(unlock.headers().firstValue("Content-Security-Policy").orElse("").contains("'sha256-"));

            // EventSource sends no headers: the stream, and only the stream, takes the token as a query parameter
            try (SseClient stream = SseClient.open(http, app.base() + "/api/stream?access_token=" + TOKEN, Map.of())) {
                assertEquals(200, stream.status());
                assertEquals("snapshot", stream.next(WAIT).name());
            }
            assertEquals(401, get(app, "/api/stream?access_token=wrong", null, "text/event-stream").statusCode());
            assertEquals(401, get(app, "/api/riders?access_token=" + TOKEN, null, "application/json").statusCode());
            try (SseClient stream = SseClient.open(http, app.base() + "/api/stream", Map.of("Authorization", "Bearer " + TOKEN))) {
                assertEquals("snapshot", stream.next(WAIT).name());
            }
        }
    }

    private HttpResponse<String> get(WebApp app, String path, String authorization, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(WAIT).header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        // (only refused requests go to the stream here: its 401 ends, a 200 would stay open)
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
