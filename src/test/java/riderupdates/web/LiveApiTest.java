package riderupdates.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static riderupdates.web.WebTestSupport.position;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import riderupdates.store.RiderPosition;
import riderupdates.web.WebTestSupport.WebApp;

/** The API of routes/web.camel.yaml and the stream, over real HTTP, on camel-main with the embedded PostgreSQL. */
class LiveApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-01T10:00:00.123Z");
    private static WebApp app;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        app = WebApp.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void riders() throws Exception {
        WebTestSupport.clearTable();
        WebTestSupport.store(List.of(
                position("tony", "west", 42, T),
                position("asha", "North", 7, T.plusMillis(1)),
                position("Zoë O'Brien \"Z\"", "north", 8, T.plusSeconds(2)),
                position("kim lee", "south", 9, T.minusSeconds(60))));
    }

    @Test
    void ridersSortedByNameWithTheirFieldsAndTimeInUtcWithMillis() throws Exception {
        HttpResponse<String> response = get("/api/riders");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode riders = JSON.readTree(response.body());
        assertEquals(List.of("Zoë O'Brien \"Z\"", "asha", "kim lee", "tony"),
                JSON.convertValue(riders.findValuesAsText("name"), List.class));
        assertEquals(JSON.readTree("{\"name\":\"tony\",\"location\":\"west\",\"partition\":1,\"offset\":42,"
                + "\"time\":\"2026-12-01T10:00:00.123Z\"}"), riders.get(3));
        assertEquals("2026-12-01T09:59:00.123Z", riders.get(2).get("time").asText());
        // the request's headers are not echoed back
        assertTrue(response.headers().firstValue("name").isEmpty());
    }

    @Test
    void oneRiderByNameEvenWithSpacesQuotesAndNonAscii() throws Exception {
        HttpResponse<String> response = get("/api/riders/" + encode("Zoë O'Brien \"Z\""));
        assertEquals(200, response.statusCode());
        JsonNode rider = JSON.readTree(response.body());
        assertEquals("Zoë O'Brien \"Z\"", rider.get("name").asText());
        assertEquals("north", rider.get("location").asText());
        assertEquals(8, rider.get("offset").asLong());
        assertEquals("2026-12-01T10:00:02.123Z", rider.get("time").asText());

        assertEquals("kim lee", JSON.readTree(get("/api/riders/kim%20lee").body()).get("name").asText());
    }

    @Test
    void noSuchRiderIs404WithTheReasonAsJson() throws Exception {
        String name = "x' OR '1'='1";
        HttpResponse<String> response = get("/api/riders/" + encode(name));
        assertEquals(404, response.statusCode());
        assertEquals(Map.of("error", "no rider named '" + name + "'"), JSON.readValue(response.body(), Map.class));
        // the injection attempt found nothing and changed nothing
        assertEquals(4, JSON.readTree(get("/api/riders").body()).size());
    }

    @Test
    void regionsCountRidersPerLowerCasedLocation() throws Exception {
        HttpResponse<String> response = get("/api/regions");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(Map.of("north", 2, "south", 1, "west", 1), JSON.readValue(response.body(), Map.class));

        WebTestSupport.clearTable();
        assertEquals("{}", get("/api/regions").body().replace(" ", ""));
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404BothJson() throws Exception {
        for (String path : List.of("/api/riders", "/api/riders/tony", "/api/regions", "/api/stream", "/")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
            assertEquals(405, response.statusCode(), path);
            assertEquals("GET", response.headers().firstValue("Allow").orElse(""), path);
            assertNotNull(JSON.readTree(response.body()).get("error"), path);
        }
        assertEquals(405, send(HttpRequest.newBuilder(uri("/api/riders/tony")).DELETE()).statusCode());
        for (String path : List.of("/api/nothing", "/api/riders/tony/more", "/pom.xml", "/routes/web.camel.yaml", "/x")) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
            assertNotNull(JSON.readTree(response.body()).get("error"), path);
        }
    }

    @Test
    void thePageAndItsFilesComeFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<template id=\"rider-template\">"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertTrue(get("/app.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(get("/app.css").body().contains(".rider.moved"));
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedOnTheOpenLoopbackServer() throws Exception {
        // DNS rebinding: a site whose name points at 127.0.0.1 sends its own name as Host
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.view().port())) {
            socket.getOutputStream().write(("GET /api/riders HTTP/1.1\r\nHost: evil.example:" + app.view().port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(!answer.contains("tony"), answer);
        }
        assertEquals(200, send(HttpRequest.newBuilder(uri("/api/riders"))).statusCode());
    }

    @Test
    void streamSendsTheSnapshotFirstThenEachChangeOnlyOnceCommittedAndStored() throws Exception {
        try (SseClient stream = SseClient.open(http, app.base() + "/api/stream", Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("text/event-stream; charset=utf-8", stream.response().headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", stream.response().headers().firstValue("Cache-Control").orElse(""));
            SseClient.Event retry = stream.nextAny(WAIT);
            assertEquals("retry", retry.name());
            assertEquals(String.valueOf(LiveFeed.RETRY_MILLIS), retry.data());

            SseClient.Event snapshot = stream.next(WAIT);
            assertEquals("snapshot", snapshot.name());
            assertEquals(JSON.readTree(get("/api/riders").body()), JSON.readTree(snapshot.data()));

            // written to the table but not yet reported as stored: nothing is sent
            RiderPosition south = position("tony", "south", 43, T.plusSeconds(5));
            WebTestSupport.store(List.of(south));
            assertNull(stream.next(Duration.ofMillis(300)));

            // the store route calls the feed after its commit: the change arrives
            app.view().feed().stored(List.of(south));
            SseClient.Event moved = stream.next(WAIT);
            assertEquals("position", moved.name());
            assertEquals(JSON.readTree("{\"name\":\"tony\",\"location\":\"south\",\"partition\":1,\"offset\":43,"
                    + "\"time\":\"2026-12-01T10:00:05.123Z\"}"), JSON.readTree(moved.data()));
            assertEquals(JSON.readTree(get("/api/riders/tony").body()), JSON.readTree(moved.data()));
        }
    }

    @Test
    void oneSmallEventArrivesPromptlyNotHeldBackInABuffer() throws Exception {
        // CAMEL-23804: platform-http-vertx held streamed output until 16 KB were waiting
        try (SseClient stream = SseClient.open(http, app.base() + "/api/stream", Map.of())) {
            assertEquals("snapshot", stream.next(WAIT).name());
            for (int i = 0; i < 5; i++) {
                RiderPosition p = WebTestSupport.store(List.of(position("tony", i % 2 == 0 ? "east" : "west", 50 + i,
                        T.plusSeconds(10 + i)))).get(0);
                long sent = System.nanoTime();
                app.view().feed().stored(List.of(p));
                SseClient.Event event = stream.next(WAIT);
                assertNotNull(event);
                long millis = (event.arrivedNanos() - sent) / 1_000_000;
                assertTrue(millis < 250, "a " + event.data().length() + "-byte event took " + millis + " ms");
            }
        }
    }

    @Test
    void aReconnectingClientGetsAFreshSnapshot() throws Exception {
        try (SseClient first = SseClient.open(http, app.base() + "/api/stream", Map.of())) {
            assertEquals(4, JSON.readTree(first.next(WAIT).data()).size());
        }
        WebTestSupport.store(List.of(position("new rider", "east", 1, T)));
        try (SseClient again = SseClient.open(http, app.base() + "/api/stream", Map.of())) {
            assertEquals(5, JSON.readTree(again.next(WAIT).data()).size());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(app.base() + path);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
