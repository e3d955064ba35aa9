package riderupdates.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.component.mock.MockEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SteadySender;
import riderupdates.support.TestApplications;

/**
 * Brokers failing under a steady stream of updates, on real brokers. Every record is checked by rider
 * number: none may be lost; duplicates are counted. Each test prints a FIGURES line.
 */
class BrokerFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFaultTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void theSingleBrokerRestartsMidStreamAndEveryRecordIsDeliveredAndPrinted(@TempDir Path data) throws Exception {
        int total = 2000;
        String topic = KafkaRecords.uniqueTopic("restart");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1, 0, data);
             RiderApplication app = TestApplications.start(broker.bootstrapServers(), TestApplications.topic(topic),
                     EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER), List.of("g"));
             SteadySender sender = new SteadySender(app, total)) {
            sender.awaitSent(total / 3, WAIT);
            long down = System.nanoTime();
            broker.stopNode(1);
            broker.startNode(1); // same port, same data directory
            long restartMillis = (System.nanoTime() - down) / 1_000_000;
            sender.awaitDone(WAIT);

            List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(broker.bootstrapServers(), topic, total, WAIT);
            MockEndpoint printed = app.camelContext().getEndpoint(TestApplications.PRINTED, MockEndpoint.class);
            await().atMost(WAIT).until(() -> riders(printedValues(printed)).size() == total);

            assertEveryRiderOnce(total, records.stream().map(ConsumerRecord::value).toList());
            List<String> lines = printedValues(printed);
            LOG.info("FIGURES broker restart: sent {}, in Kafka {} (duplicates {}), printed {} (duplicates {}), "
                            + "broker down and up again in {} ms, longest wait for one line {} ms",
                    sender.sent(), records.size(), records.size() - total, lines.size(), lines.size() - total,
                    restartMillis, sender.longestWaitMillis());
            assertEquals(total, sender.sent());
            assertEquals(app.counts().summary("stdin"), "stdin: read " + total + ", published " + total + ", rejected 0");
        }
    }

    @Test
    void aThreeBrokerClusterLosesThePartitionLeaderMidStreamAndNothingIsLost() throws Exception {
        int total = 2000;
        String topic = KafkaRecords.uniqueTopic("failover");
        try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(3, 0, null);
             RiderApplication app = TestApplications.start(cluster.bootstrapServers(), TestApplications.topic(topic),
                     TestApplications.PRODUCER, List.of());
             SteadySender sender = new SteadySender(app, total)) {
            TopicDescription layout = describe(cluster.bootstrapServers(), topic);
            assertEquals(3, layout.partitions().get(0).replicas().size(), "admin keeps three copies on three brokers");

            sender.awaitSent(total / 3, WAIT);
            int leader = layout.partitions().get(0).leader().id();
            long down = System.nanoTime();
            cluster.stopNode(leader);
            long stopMillis = (System.nanoTime() - down) / 1_000_000;
            sender.awaitDone(WAIT);

            List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(cluster.bootstrapServers(), topic, total, WAIT);
            assertEveryRiderOnce(total, records.stream().map(ConsumerRecord::value).toList());
            LOG.info("FIGURES cluster failover: sent {}, in Kafka {} (duplicates {}), leader node {} of partition 0 "
                            + "stopped in {} ms, longest wait for one line {} ms",
                    sender.sent(), records.size(), records.size() - total, leader, stopMillis, sender.longestWaitMillis());
            assertEquals(app.counts().summary("stdin"), "stdin: read " + total + ", published " + total + ", rejected 0");
            // the failed broker comes back: with a node down, stopping the other two can lose the controller
            // quorum while a broker still waits for its controlled shutdown (Kafka then waits 5 minutes)
            cluster.startNode(leader);
        }
    }

    /** Every rider r0..r(total-1) is there; the idempotent producer writes none twice. */
    private static void assertEveryRiderOnce(int total, List<String> values) {
        Set<String> expected = IntStream.range(0, total).mapToObj(i -> "r" + i).collect(Collectors.toSet());
        Set<String> seen = riders(values);
        Set<String> missing = expected.stream().filter(r -> !seen.contains(r)).collect(Collectors.toSet());
        assertTrue(missing.isEmpty(), missing.size() + " records lost, e.g. " + missing.stream().limit(5).toList());
        assertEquals(total, values.size(), "records written twice");
    }

    private static Set<String> riders(List<String> values) {
        return values.stream().map(v -> v.replaceAll(".*\"name\":\"(r\\d+)\".*", "$1")).collect(Collectors.toSet());
    }

    private static List<String> printedValues(MockEndpoint printed) {
        return printed.getReceivedExchanges().stream().map(e -> e.getMessage().getBody(String.class)).toList();
    }

    private static TopicDescription describe(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        }
    }
}
