package riderupdates.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml and the README agree: the ports the README tells users to use are the ones the
 * compose file publishes and advertises. (CI also has docker-compose validate the file itself.)
 */
class ComposeFileTest {

    @Test
    void theSingleNodeListensWhereTheReadmeSays() throws IOException {
        Map<String, Object> kafka = service("kafka");
        assertEquals(List.of("9092:9092"), kafka.get("ports"));
        assertTrue(environment(kafka).get("KAFKA_ADVERTISED_LISTENERS").toString().contains("HOST://localhost:9092"));
        assertEquals(null, kafka.get("profiles"), "the single node starts with a plain 'docker compose up -d'");
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("docker compose up -d"));
        assertTrue(readme.contains("KAFKA_BROKERS=localhost:9092 bin/rider run"));
    }

    @Test
    void theClusterProfileHasThreeNodesWhereTheReadmeSays() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> service = service("kafka-" + node);
            int port = 19091 + node;
            assertEquals(List.of(port + ":" + port), service.get("ports"));
            assertTrue(environment(service).get("KAFKA_ADVERTISED_LISTENERS").toString().contains("HOST://localhost:" + port));
            assertTrue(environment(service).get("KAFKA_LISTENERS").toString().contains("HOST://:" + port));
        }
        assertTrue(readme.contains("docker compose --profile cluster up -d kafka-1 kafka-2 kafka-3"));
        assertTrue(readme.contains("KAFKA_BROKERS=localhost:19092,localhost:19093,localhost:19094"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }
}
