package riderupdates.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;

/** bin/rider against a broker that takes SASL credentials only, of one mechanism: SCRAM-SHA-512 or PLAIN. */
class SecuredClusterIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    /** One broker per mechanism, started when a test first needs it. */
    private static final Map<String, EmbeddedKafkaBroker> BROKERS = new TreeMap<>();

    @AfterAll
    static void stopBrokers() {
        BROKERS.values().forEach(EmbeddedKafkaBroker::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-512", "PLAIN"})
    void theRightCredentialsProduceAndConsume(String mechanism) throws Exception {
        EmbeddedKafkaBroker broker = broker(mechanism);
        try (RiderProcess rider = RiderProcess.start(credentials(mechanism, "rider-secret"), "run",
                "--brokers", broker.bootstrapServers(), "-D", "rider.topic=secured")) {
            rider.pipe("tony north\nasha south\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(
                            "g1: [secured]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                            "g1: [secured]: PART:1: {\"name\":\"asha\",\"location\":\"south\"}"),
                    rider.stdout().stream().sorted().toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-512", "PLAIN"})
    void wrongCredentialsFailFastWithAClearErrorAndWriteNothing(String mechanism) throws Exception {
        EmbeddedKafkaBroker broker = broker(mechanism);
        // both topics exist already: were anything written with the wrong password, it would show as records
        createTopics(mechanism, new NewTopic("refused", 2, (short) 1), new NewTopic("refused.dlq", 1, (short) 1));
        long started = System.nanoTime();
        try (RiderProcess rider = RiderProcess.start(credentials(mechanism, "wrong"), "produce",
                "--brokers", broker.bootstrapServers(), "-D", "rider.topic=refused", "-D", "rider.dlq-topic=refused.dlq")) {
            rider.pipe("tony north\nnot-a-rider-update\n");
            assertEquals(1, rider.awaitExit(EXIT), rider.stderr());
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds < 30, "took " + seconds + " s: a retry loop?");
            assertTrue(rider.stderr().contains("rider: Kafka at " + broker.bootstrapServers() + " refused the credentials"), rider.stderr());
        }
        assertEquals(Map.of("refused", 0L, "refused.dlq", 0L),
                Map.of("refused", recordsIn(mechanism, "refused"), "refused.dlq", recordsIn(mechanism, "refused.dlq")),
                "records were written with wrong credentials");
    }

    private static synchronized EmbeddedKafkaBroker broker(String mechanism) {
        return BROKERS.computeIfAbsent(mechanism, m -> EmbeddedKafkaBroker.startSecured(m, Map.of("rider", "rider-secret")));
    }

    private static Map<String, String> credentials(String mechanism, String password) {
        return Map.of(
                "RIDER_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "RIDER_SASL_MECHANISM", mechanism,
                "RIDER_SASL_USERNAME", "rider",
                "RIDER_SASL_PASSWORD", password);
    }

    private static void createTopics(String mechanism, NewTopic... topics) throws Exception {
        try (Admin admin = admin(mechanism)) {
            admin.createTopics(List.of(topics)).all().get();
        }
    }

    /** Records in an existing topic, read with the right credentials. */
    private static long recordsIn(String mechanism, String topic) throws Exception {
        try (Admin admin = admin(mechanism)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                total += admin.listOffsets(Map.of(new TopicPartition(topic, p), OffsetSpec.latest())).all().get()
                        .values().iterator().next().offset();
            }
            return total;
        }
    }

    /** An admin client with the right credentials. */
    private static Admin admin(String mechanism) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Properties props = new Properties();
        props.put("bootstrap.servers", broker(mechanism).bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", module + " required username=\"rider\" password=\"rider-secret\";");
        return Admin.create(props);
    }
}
