package riderupdates.observe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.consumer.ConsumerGroupRoutes;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** --observe: health and Prometheus metrics, scraped over HTTP from a running application. */
@ExtendWith(SharedKafkaBroker.class)
class ObserveTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthAndMetricsIncludingRecordsPerRouteAndConsumerLag(@TempDir Path inbox) throws Exception {
        String topic = KafkaRecords.uniqueTopic("observe");
        int port = freePort();
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.observe", "true");
        overrides.put("rider.observe.port", String.valueOf(port));
        overrides.put("rider.inbox", inbox.toString());
        overrides.put("rider.inbox.settle-ms", "300");
        try (RiderApplication app = TestApplications.start(overrides,
                EnumSet.of(Role.STDIN, Role.INBOX, Role.PUBLISH, Role.CONSUMER), List.of("g"))) {
            TestApplications.sendLines(app, "tony north", "asha south", "bad");
            Files.writeString(inbox.resolve("drop.txt"), "kim north\nlee east\nmo west\nbad\n");
            await().atMost(WAIT).until(() -> Files.exists(inbox.resolve(".done/drop.txt")));
            String base = "http://127.0.0.1:" + port + "/observe/";

            // the health check turns UP once every consumer has joined its group
            await().atMost(WAIT).ignoreExceptions().until(() -> get(base + "health").statusCode() == 200);
            assertTrue(get(base + "health").body().contains("\"status\":\"UP\""));

            // the group has printed and committed all 5 records
            awaitMetrics(base, "rider_records_total{outcome=\"published\",route=\"stdin-to-kafka\"} 2.0",
                    "rider_records_total{outcome=\"rejected\",route=\"stdin-to-kafka\"} 1.0",
                    "rider_records_total{outcome=\"failed\",route=\"stdin-to-kafka\"} 0.0",
                    "rider_records_total{outcome=\"published\",route=\"file-drop-to-kafka\"} 3.0",
                    "rider_records_total{outcome=\"rejected\",route=\"file-drop-to-kafka\"} 1.0",
                    "rider_records_total{outcome=\"failed\",route=\"file-drop-to-kafka\"} 0.0",
                    "rider_consumer_lag{group=\"g\"} 0.0",
                    "routeId=\"publish-rider-updates\"");
            assertEquals(200, get(base + "metrics").statusCode());

            // a consumer that stops: health says so, and its group falls behind by exactly what is written next
            app.camelContext().getRouteController().stopRoute(ConsumerGroupRoutes.routeId("g"));
            await().atMost(WAIT).until(() -> get(base + "health").statusCode() == 503);
            assertTrue(get(base + "health").body().contains("\"status\":\"DOWN\""));
            TestApplications.sendLines(app, "tony south", "asha north", "kim south");
            awaitMetrics(base, "rider_consumer_lag{group=\"g\"} 3.0");
        }
    }

    /** Waits until /observe/metrics has every one of the lines (the lag is asked of Kafka at most once a second). */
    private void awaitMetrics(String base, String... expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = get(base + "metrics").body();
            for (String line : expected) {
                assertTrue(metrics.contains(line), line + " not in\n" + metrics);
            }
        });
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
