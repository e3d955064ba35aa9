package riderupdates.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml and the docs agree: the ports docs/operations.md tells users to use are the ones the
 * compose file publishes, binds and advertises, and each KRaft quorum is consistent. (CI also has
 * docker-compose validate the file itself.)
 */
class ComposeFileTest {

    private static final List<String> CLUSTER = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final Pattern CONTROLLER_PORT = Pattern.compile("CONTROLLER://:(\\d+)");

    @Test
    void theSingleNodeListensWhereTheDocsSay() throws IOException {
        Map<String, Object> kafka = service("kafka");
        Map<String, Object> env = environment(kafka);
        assertEquals(List.of("9092:9092"), kafka.get("ports"));
        assertTrue(env.get("KAFKA_LISTENERS").toString().contains("HOST://:9092"), "binds the published port");
        assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").toString().contains("HOST://localhost:9092"));
        assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").toString().contains("INTERNAL://kafka:29092"));
        assertEquals(voters(List.of("kafka")), env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        assertEquals(null, kafka.get("profiles"), "the single node starts with a plain 'docker compose up -d'");
        String docs = operationsDoc();
        assertTrue(docs.contains("docker compose up -d"));
        assertTrue(docs.contains("KAFKA_BROKERS=localhost:9092 bin/rider run"));
        assertTrue(docs.contains("`kafka:29092`"));
    }

    @Test
    void theClusterProfileHasThreeNodesWhereTheDocsSay() throws IOException {
        String docs = operationsDoc();
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> service = service("kafka-" + node);
            Map<String, Object> env = environment(service);
            int port = 19091 + node;
            assertEquals(List.of("cluster"), service.get("profiles"));
            assertEquals(List.of(port + ":" + port), service.get("ports"));
            assertEquals(String.valueOf(node), String.valueOf(env.get("KAFKA_NODE_ID")));
            assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").toString().contains("HOST://localhost:" + port));
            assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").toString().contains("INTERNAL://kafka-" + node + ":29092"));
            assertTrue(env.get("KAFKA_LISTENERS").toString().contains("HOST://:" + port));
        }
        assertTrue(docs.contains("docker compose --profile cluster up -d kafka-1 kafka-2 kafka-3"));
        assertTrue(docs.contains("KAFKA_BROKERS=localhost:19092,localhost:19093,localhost:19094"));
        assertTrue(docs.contains("`kafka-1:29092`"));
    }

    @Test
    void thePostgresServiceIsTheDatabaseTheStoreDocsPointAt() throws IOException {
        Map<String, Object> postgres = service("postgres");
        Map<String, Object> env = environment(postgres);
        assertEquals(List.of("5432:5432"), postgres.get("ports"));
        assertEquals(null, postgres.get("profiles"));
        String url = "jdbc:postgresql://localhost:5432/" + env.get("POSTGRES_DB") + "?user=" + env.get("POSTGRES_USER");
        String docs = Files.readString(Path.of("docs", "store.md"));
        assertTrue(docs.contains("docker compose up -d postgres"), "docs/store.md says how to start it");
        assertTrue(docs.contains("RIDER_DB_PASSWORD=" + env.get("POSTGRES_PASSWORD")), "docs/store.md gives its password");
        assertTrue(docs.contains("--db-url '" + url + "'"), "docs/store.md points the store at it: " + url);
    }

    @Test
    void everyClusterNodeNamesTheSameVotersTheNodesAre() {
        String expected = voters(CLUSTER);
        assertEquals("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093", expected);
        for (String node : CLUSTER) {
            assertEquals(expected, environment(service(node)).get("KAFKA_CONTROLLER_QUORUM_VOTERS"), node);
        }
    }

    @Test
    void theClusterNodesShareOneKafkaClusterId() {
        Set<Object> ids = CLUSTER.stream().map(node -> environment(service(node)).get("CLUSTER_ID"))
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), "one CLUSTER_ID for the three nodes: " + ids);
        String id = String.valueOf(ids.iterator().next());
        // what kafka-storage.sh format expects: 16 bytes as 22 characters of base64url, no padding
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
        assertEquals(id, Uuid.fromString(id).toString());
        assertNotEquals(Uuid.ZERO_UUID, Uuid.fromString(id));
    }

    /** The page that tells users how to run Kafka with docker compose. */
    private static String operationsDoc() throws IOException {
        return Files.readString(Path.of("docs", "operations.md"));
    }

    /** The quorum of these services as Kafka writes it: NODE_ID@HOSTNAME:CONTROLLER_PORT, comma-separated. */
    private static String voters(List<String> names) {
        StringBuilder voters = new StringBuilder();
        for (String name : names) {
            Map<String, Object> service = service(name);
            Map<String, Object> env = environment(service);
            Matcher port = CONTROLLER_PORT.matcher(env.get("KAFKA_LISTENERS").toString());
            assertTrue(port.find(), name + " has no CONTROLLER listener");
            voters.append(voters.length() == 0 ? "" : ",")
                    .append(env.get("KAFKA_NODE_ID")).append('@').append(service.get("hostname")).append(':').append(port.group(1));
        }
        return voters.toString();
    }

    /** A service as docker-compose sees it: YAML merge keys ({@code <<: *anchor}) applied. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> compose;
        try {
            compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(Path.of("docker-compose.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return merged((Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name));
    }

    /**
     * snakeyaml-engine reads YAML 1.2, which has no merge keys: it leaves {@code <<} as an ordinary key. Compose
     * applies them, the map's own keys winning; so does this, nested maps included.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merged(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        Object base = map.get("<<");
        if (base instanceof Map<?, ?> baseMap) {
            result.putAll(merged((Map<String, Object>) baseMap));
        }
        map.forEach((key, value) -> {
            if (!key.equals("<<")) {
                result.put(key, value instanceof Map<?, ?> nested ? merged((Map<String, Object>) nested) : value);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }
}
