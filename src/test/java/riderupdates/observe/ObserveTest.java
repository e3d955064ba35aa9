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
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** --observe: health and Prometheus metrics, scraped over HTTP from a running application. */
@ExtendWith(SharedKafkaBroker.class)
class ObserveTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthAndMetricsIncludingRecordsPerRouteAndConsumerLag() throws Exception {
        String topic = KafkaRecords.uniqueTopic("observe");
        int port = freePort();
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.observe", "true");
        overrides.put("rider.observe.port", String.valueOf(port));
        try (RiderApplication app = TestApplications.start(overrides, EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER), List.of("g"))) {
            TestApplications.sendLines(app, "tony north", "asha south", "bad");
            String base = "http://127.0.0.1:" + port + "/observe/";

            // the health check turns UP once every consumer has joined its group
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(base + "health").statusCode() == 200);
            assertTrue(get(base + "health").body().contains("\"status\":\"UP\""));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(base + "metrics").body();
                assertTrue(metrics.contains("rider_records_total{outcome=\"published\",route=\"stdin-to-kafka\"} 2.0"), metrics);
                assertTrue(metrics.contains("rider_records_total{outcome=\"rejected\",route=\"stdin-to-kafka\"} 1.0"), metrics);
                assertTrue(metrics.contains("rider_consumer_lag{group=\"g\"} 0.0"), metrics);
                assertTrue(metrics.contains("routeId=\"publish-rider-updates\""), "Camel's route metrics");
            });
            assertEquals(200, get(base + "metrics").statusCode());
        }
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
