package riderupdates.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.KafkaRecords;
import riderupdates.support.PipedSender;
import riderupdates.support.RiderSequence;
import riderupdates.support.TestApplications;

/**
 * Brokers failing while a pipe feeds stdin: lines in batches of {@value #BATCH_SIZE}, {@value #IN_FLIGHT} batches
 * sent and not yet acknowledged when the fault hits (asserted), on real brokers. Every record is checked by rider
 * number: none may be lost, each partition keeps the input's order; duplicates are counted. Each test prints a
 * FIGURES line.
 */
class BrokerFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFaultTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int TOTAL = 20_000;
    private static final int BATCH_SIZE = 50;
    private static final int IN_FLIGHT = 4;
    /** Lines written at once, and most lines written but not yet acknowledged (a pipe's buffer holds ~5,000). */
    private static final int CHUNK = 100;
    private static final int BACKLOG = 1_000;

    @Test
    void theSingleBrokerRestartsWhileBatchesAreInFlightAndEveryRecordIsDeliveredAndPrinted(@TempDir Path data) throws Exception {
        String topic = KafkaRecords.uniqueTopic("restart");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(1, 0, data);
             RiderApplication app = TestApplications.start(broker.bootstrapServers(),
                     PipedSender.settings(topic, BATCH_SIZE, IN_FLIGHT), EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER),
                     List.of("g"));
             PipedSender sender = new PipedSender(app, TOTAL, CHUNK, BACKLOG)) {
            await().atMost(WAIT).until(() -> sender.done() >= TOTAL / 3);
            long down = System.nanoTime();
            broker.stopNode(1);
            // nothing is acknowledged while the broker is down: the input fills every slot
            await().atMost(WAIT).until(() -> sender.inFlight() == IN_FLIGHT);
            long unacknowledged = sender.written() - sender.done();
            broker.startNode(1); // same port, same data directory
            long up = System.nanoTime();
            sender.awaitDone(WAIT);

            assertEquals("stdin: read " + TOTAL + ", published " + TOTAL + ", rejected 0", app.counts().summary("stdin"));
            RiderSequence inKafka = RiderSequence.ofRecords(TOTAL, KafkaRecords.readAll(broker.bootstrapServers(), topic, TOTAL, WAIT));
            inKafka.assertCompleteAndInOrder("in Kafka");
            await().atMost(WAIT).until(() -> RiderSequence.ofPrinted(TOTAL, TestApplications.printed(app)).missing().isEmpty());
            RiderSequence printed = RiderSequence.ofPrinted(TOTAL, TestApplications.printed(app));
            printed.assertCompleteAndInOrder("printed by group g");

            LOG.info("FIGURES broker restart: sent {} lines in batches of {}, {} batches in flight and {} lines unacknowledged "
                            + "while it was down; in Kafka {} (duplicates {}), printed {} (duplicates {}); broker down and up "
                            + "again in {} ms, first acknowledgement {} ms after it was up, longest stall {} ms",
                    sender.written(), BATCH_SIZE, IN_FLIGHT, unacknowledged, inKafka.records(), inKafka.duplicates(),
                    printed.records(), printed.duplicates(), (up - down) / 1_000_000, sender.millisToFirstAckAfter(up),
                    sender.longestStallMillis());
            assertEquals(0, inKafka.duplicates(), "the idempotent producer wrote records twice");
        }
    }

    @Test
    void aThreeBrokerClusterLosesThePartitionLeaderWhileBatchesAreInFlightAndNothingIsLost() throws Exception {
        String topic = KafkaRecords.uniqueTopic("failover");
        try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(3, 0, null);
             RiderApplication app = TestApplications.start(cluster.bootstrapServers(),
                     PipedSender.settings(topic, BATCH_SIZE, IN_FLIGHT), TestApplications.PRODUCER, List.of())) {
            String bootstrap = cluster.bootstrapServers();
            TopicDescription layout = describe(bootstrap, topic);
            assertEquals(3, layout.partitions().get(0).replicas().size(), "admin keeps three copies on three brokers");
            assertEquals("2", minInSyncReplicas(bootstrap, topic), "min.insync.replicas of " + topic);
            assertEquals("2", minInSyncReplicas(bootstrap, topic + ".dlq"), "min.insync.replicas of " + topic + ".dlq");

            int leader = -1;
            try (PipedSender sender = new PipedSender(app, TOTAL, CHUNK, BACKLOG)) {
                await().atMost(WAIT).until(() -> sender.done() >= TOTAL / 3);
                leader = describe(bootstrap, topic).partitions().get(0).leader().id();
                sender.takeMostInFlight();
                long down = System.nanoTime();
                cluster.stopNode(leader);
                long stopped = System.nanoTime();
                int inFlightAtFault = sender.takeMostInFlight();
                assertEquals(IN_FLIGHT, inFlightAtFault, "batches in flight while the leader stopped");
                sender.awaitDone(WAIT);

                TopicDescription after = describe(bootstrap, topic);
                assertNotEquals(leader, after.partitions().get(0).leader().id(), "partition 0 has a new leader");
                assertEquals("stdin: read " + TOTAL + ", published " + TOTAL + ", rejected 0", app.counts().summary("stdin"));
                List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(bootstrap, topic, TOTAL, WAIT);
                RiderSequence inKafka = RiderSequence.ofRecords(TOTAL, records);
                inKafka.assertCompleteAndInOrder("in Kafka");
                LOG.info("FIGURES cluster failover: sent {} lines in batches of {}, {} batches in flight when node {} "
                                + "(leader of partition 0) stopped; in Kafka {} (duplicates {}); node stopped in {} ms, first "
                                + "acknowledgement {} ms after the stop began, longest stall {} ms; partition 0 in sync: {}",
                        sender.written(), BATCH_SIZE, inFlightAtFault, leader, inKafka.records(), inKafka.duplicates(),
                        (stopped - down) / 1_000_000, sender.millisToFirstAckAfter(down), sender.longestStallMillis(),
                        after.partitions().get(0).isr().stream().map(node -> node.id()).toList());
                assertEquals(0, inKafka.duplicates(), "the idempotent producer wrote records twice");
            } finally {
                // the failed broker comes back: with a node down, stopping the other two can lose the controller
                // quorum while a broker still waits for its controlled shutdown (Kafka then waits 5 minutes)
                if (leader > 0) {
                    cluster.startNode(leader);
                }
            }
        }
    }

    private static TopicDescription describe(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        }
    }

    private static String minInSyncReplicas(String bootstrap, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            return admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
        }
    }

    private static Properties adminProps(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }
}
