package riderupdates.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.admin.RiderTopics;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;
import riderupdates.config.RiderSettings;
import riderupdates.support.KafkaRecords;

/** A consumer process killed with SIGKILL mid-stream and started again: every record printed at least once. */
class ConsumerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCrashIT.class);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aKilledConsumerResumesFromItsLastCommitAndLosesNothing() throws Exception {
        int total = 10_000;
        String topic = KafkaRecords.uniqueTopic("crash");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String[] consume = {"consume", "--group", "gk", "--brokers", broker.bootstrapServers(), "-D", "rider.topic=" + topic};
            List<String> printed = new ArrayList<>();
            Thread producer;
            long restartedAt;
            int firstRun;
            // the topic is laid out before anything writes to it (else the broker's auto-create would decide)
            RiderTopics.ensure(RiderSettings.load(Map.of("rider.topic", topic, "rider.dlq-topic", topic + ".dlq")),
                    broker.bootstrapServers());
            try (RiderProcess first = RiderProcess.start(consume)) {
                producer = produceSteadily(broker.bootstrapServers(), topic, total);
                first.awaitStdoutLines(total / 5, WAIT);
                first.kill();
                printed.addAll(first.stdout());
                firstRun = printed.size();
            }
            try (RiderProcess second = RiderProcess.start(consume)) {
                restartedAt = System.nanoTime();
                try {
                    await().atMost(WAIT).until(() -> riders(combined(printed, second.stdout())).size() == total);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("printed " + firstRun + " before the kill, " + second.stdout().size()
                            + " after; distinct " + riders(combined(printed, second.stdout())).size() + " of " + total
                            + "\n" + second.stderr(), e);
                }
                long recoveryMillis = (System.nanoTime() - restartedAt) / 1_000_000;
                producer.join();
                List<String> all = combined(printed, second.stdout());
                assertEquals(143, second.terminate(WAIT));

                Set<String> seen = riders(all);
                Set<String> missing = IntStream.range(0, total).mapToObj(i -> "r" + i)
                        .filter(r -> !seen.contains(r)).collect(Collectors.toSet());
                assertTrue(missing.isEmpty(), missing.size() + " records never printed");
                assertTrue(firstRun < total, "the kill did not land mid-stream");
                // offsets are committed after every poll: what is printed again is at most what the last polls held
                assertTrue(all.size() - total <= 2 * 500, (all.size() - total) + " duplicates: offsets were not committed as promised");
                LOG.info("FIGURES consumer SIGKILL: produced {}, printed {} before the kill and {} after the restart, "
                                + "duplicates {}, every record printed {} ms after the restart (JVM start and session timeout included)",
                        total, firstRun, all.size() - firstRun, all.size() - total, recoveryMillis);
            }
        }
    }

    /** Writes the records at up to 5,000 a second, as riders would, on a thread of its own. */
    private static Thread produceSteadily(String bootstrap, String topic, int total) {
        Thread thread = new Thread(() -> {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < total; i++) {
                    producer.send(KafkaRecords.tutorialRecord(topic, "r" + i, i % 2 == 0 ? "north" : "south"));
                    if (i % 50 == 49) {
                        Thread.sleep(10);
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "steady-producer");
        thread.start();
        return thread;
    }

    private static List<String> combined(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static final Pattern RIDER = Pattern.compile("\"name\":\"(r\\d+)\"");

    private static Set<String> riders(List<String> lines) {
        Set<String> riders = new HashSet<>();
        for (String line : lines) {
            Matcher m = RIDER.matcher(line);
            if (m.find()) {
                riders.add(m.group(1));
            }
        }
        return riders;
    }
}
