package riderupdates.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;

/** bin/rider against a broker that takes SASL/SCRAM-SHA-512 credentials only. */
class SecuredClusterIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() {
        broker = EmbeddedKafkaBroker.startSecured(Map.of("rider", "rider-secret"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theRightCredentialsProduceAndConsume() throws Exception {
        try (RiderProcess rider = RiderProcess.start(credentials("rider-secret"), "run", "--brokers", broker.bootstrapServers(),
                "-D", "rider.topic=secured")) {
            rider.pipe("tony north\nasha south\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(
                            "g1: [secured]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                            "g1: [secured]: PART:1: {\"name\":\"asha\",\"location\":\"south\"}"),
                    rider.stdout().stream().sorted().toList());
        }
    }

    @Test
    void wrongCredentialsFailFastWithAClearErrorAndWriteNothing() throws Exception {
        long started = System.nanoTime();
        try (RiderProcess rider = RiderProcess.start(credentials("wrong"), "produce", "--brokers", broker.bootstrapServers(),
                "-D", "rider.topic=refused")) {
            rider.pipe("tony north\n");
            assertNotEquals(0, rider.awaitExit(EXIT));
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds < 30, "took " + seconds + " s: a retry loop?");
            assertTrue(rider.stderr().contains("rider: Kafka at " + broker.bootstrapServers() + " refused the credentials"), rider.stderr());
        }
        assertEquals(0, recordsIn("refused"), "records were written with wrong credentials");
    }

    private static Map<String, String> credentials(String password) {
        return Map.of(
                "RIDER_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "RIDER_SASL_MECHANISM", "SCRAM-SHA-512",
                "RIDER_SASL_USERNAME", "rider",
                "RIDER_SASL_PASSWORD", password);
    }

    /** Records in the topic, read with the right credentials; 0 when the topic does not exist. */
    private static long recordsIn(String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"rider\" password=\"rider-secret\";");
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                total += admin.listOffsets(Map.of(new TopicPartition(topic, p), OffsetSpec.latest())).all().get()
                        .values().iterator().next().offset();
            }
            return total;
        }
    }
}
