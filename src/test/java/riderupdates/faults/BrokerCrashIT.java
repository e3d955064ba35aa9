package riderupdates.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.cli.RiderProcess;
import riderupdates.support.KafkaRecords;
import riderupdates.support.PipedSender;
import riderupdates.support.RiderSequence;
import riderupdates.support.TestApplications;

/**
 * The single broker ({@code bin/rider broker --data DIR}) killed with SIGKILL while a pipe feeds stdin and
 * {@value #IN_FLIGHT} batches are in flight: no controlled shutdown, the log recovered at the restart. Every record
 * is checked by rider number in Kafka and as printed by a consumer group; prints a FIGURES line.
 */
class BrokerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCrashIT.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int TOTAL = 20_000;
    private static final int BATCH_SIZE = 50;
    private static final int IN_FLIGHT = 4;

    @Test
    void theBrokerKilledWhileBatchesAreInFlightComesBackWithEveryRecord(@TempDir Path data) throws Exception {
        String topic = KafkaRecords.uniqueTopic("broker-kill");
        int port = freePort();
        String bootstrap = "localhost:" + port;
        String[] brokerCommand = {"broker", "--port", String.valueOf(port), "--data", data.toString()};
        RiderProcess broker = startBroker(brokerCommand);
        Map<String, String> settings = PipedSender.settings(topic, BATCH_SIZE, IN_FLIGHT);
        // the restart (a JVM start and log recovery) took 14 s here; on a loaded machine it may take longer than
        // the default 60 s delivery timeout, which would fail the batches rather than show a loss
        settings.put("camel.component.kafka.delivery-timeout-ms", "180000");
        try (RiderApplication app = TestApplications.start(bootstrap, settings,
                     EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER), List.of("g"));
             PipedSender sender = new PipedSender(app, TOTAL, 100, 1_000)) {
            await().atMost(WAIT).until(() -> sender.done() >= TOTAL / 3);
            long down = System.nanoTime();
            broker.kill();
            await().atMost(WAIT).until(() -> sender.inFlight() == IN_FLIGHT);
            long unacknowledged = sender.written() - sender.done();
            broker = startBroker(brokerCommand); // same port, same data directory
            long up = System.nanoTime();
            sender.awaitDone(WAIT);

            assertEquals("stdin: read " + TOTAL + ", published " + TOTAL + ", rejected 0", app.counts().summary("stdin"));
            RiderSequence inKafka = RiderSequence.ofRecords(TOTAL, KafkaRecords.readAll(bootstrap, topic, TOTAL, WAIT));
            inKafka.assertCompleteAndInOrder("in Kafka");
            await().atMost(WAIT).until(() -> RiderSequence.ofPrinted(TOTAL, TestApplications.printed(app)).missing().isEmpty());
            RiderSequence printed = RiderSequence.ofPrinted(TOTAL, TestApplications.printed(app));
            printed.assertCompleteAndInOrder("printed by group g");

            LOG.info("FIGURES broker SIGKILL: sent {} lines in batches of {}, {} batches in flight and {} lines unacknowledged "
                            + "while it was down; in Kafka {} (duplicates {}), printed {} (duplicates {}); broker killed and "
                            + "listening again after {} ms (JVM start and log recovery), first acknowledgement {} ms after, "
                            + "longest stall {} ms",
                    sender.written(), BATCH_SIZE, IN_FLIGHT, unacknowledged, inKafka.records(), inKafka.duplicates(),
                    printed.records(), printed.duplicates(), (up - down) / 1_000_000, sender.millisToFirstAckAfter(up),
                    sender.longestStallMillis());
            assertEquals(0, inKafka.duplicates(), "the idempotent producer wrote records twice");
        } finally {
            broker.terminate(WAIT);
        }
    }

    private static RiderProcess startBroker(String[] command) throws Exception {
        RiderProcess broker = RiderProcess.start(command);
        if (broker.awaitStdoutLines(1, WAIT).isEmpty()) {
            broker.close();
            throw new AssertionError("the broker did not start:\n" + broker.stderr());
        }
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
