package riderupdates.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.admin.RiderTopics;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;
import riderupdates.config.RiderSettings;
import riderupdates.support.KafkaRecords;

/**
 * Consumer processes stopped mid-stream and started again in their group: killed with SIGKILL, every record is
 * printed at least once; stopped with SIGTERM, the group's committed offsets are exactly the ends of what was
 * printed, so the restart prints the rest and nothing twice.
 */
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

    @Test
    void aConsumerStoppedWithSigtermCommitsExactlyWhatItPrinted() throws Exception {
        int total = 100_000;
        String topic = KafkaRecords.uniqueTopic("sigterm");
        String group = "gs";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            // written before the consumer starts: it is busy printing a backlog when the signal comes
            writeBacklog(bootstrap, topic, total);
            Map<String, ConsumerRecord<String, String>> byRider = new HashMap<>();
            for (ConsumerRecord<String, String> record : KafkaRecords.readAll(bootstrap, topic, total, WAIT)) {
                byRider.put(rider(record.value()), record);
            }
            assertEquals(total, byRider.size());
            String[] consume = {"consume", "--group", group, "--brokers", bootstrap, "-D", "rider.topic=" + topic};

            List<String> first;
            long stopMillis;
            try (RiderProcess consumer = RiderProcess.start(consume)) {
                if (consumer.awaitStdoutLines(total / 10, WAIT).size() < total / 10) {
                    throw new AssertionError("printed " + consumer.stdout().size() + " lines\n" + consumer.stderr());
                }
                long signalled = System.nanoTime();
                assertEquals(143, consumer.terminate(WAIT), consumer.stderr());
                stopMillis = (System.nanoTime() - signalled) / 1_000_000;
                first = consumer.stdout();
            }
            assertTrue(first.size() < total, "SIGTERM came after the last record: nothing left to test");
            Map<Integer, Long> printedEnds = ends(first, byRider);
            Map<Integer, Long> committed = committedOffsets(bootstrap, group);
            assertEquals(printedEnds, committed, "committed offsets against the ends of what was printed");

            List<String> second;
            try (RiderProcess consumer = RiderProcess.start(consume)) {
                try {
                    await().atMost(WAIT).until(() -> riders(combined(first, consumer.stdout())).size() == total);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("printed " + first.size() + " before SIGTERM, " + consumer.stdout().size()
                            + " after the restart; distinct " + riders(combined(first, consumer.stdout())).size() + " of "
                            + total + "\n" + consumer.stderr(), e);
                }
                assertEquals(143, consumer.terminate(WAIT), consumer.stderr());
                second = consumer.stdout();
            }
            Set<String> printedTwice = new HashSet<>(riders(first));
            printedTwice.retainAll(riders(second));
            LOG.info("FIGURES consumer SIGTERM: produced {}, printed {} before SIGTERM (stopped {} ms after it, committed {}), "
                            + "{} after the restart, duplicates {}",
                    total, first.size(), stopMillis, new TreeMap<>(committed), second.size(),
                    first.size() + second.size() - total);
            assertEquals(Set.of(), printedTwice, "printed again after a graceful stop");
            assertEquals(total, first.size() + second.size(), "records printed in all");
            assertEquals(ends(combined(first, second), byRider), committedOffsets(bootstrap, group),
                    "committed offsets after the second stop");
        }
    }

    @Test
    void aConsumerWhoseStdoutClosesStopsWithAnErrorAndCommitsNoRecordItCouldNotPrint(@TempDir Path dir) throws Exception {
        int total = 100_000;
        int read = 1_000;
        String topic = KafkaRecords.uniqueTopic("stdout-closed");
        String group = "gh";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            writeBacklog(bootstrap, topic, total);
            String[] consume = {"consume", "--group", group, "--brokers", bootstrap, "-D", "rider.topic=" + topic};

            // `bin/rider consume | head -n 1000`: the reader takes its lines and goes away
            Path stderr = dir.resolve("stderr.txt");
            List<String> command = new ArrayList<>(List.of(Path.of("bin", "rider").toAbsolutePath().toString()));
            command.addAll(List.of(consume));
            Process consumer = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            List<String> head = new ArrayList<>();
            int exit;
            long closedAt;
            try {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(consumer.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while (head.size() < read && (line = out.readLine()) != null) {
                        head.add(line);
                    }
                }
                closedAt = System.nanoTime();
                if (!consumer.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the consumer still runs " + WAIT + " after its stdout closed; stderr:\n"
                            + Files.readString(stderr));
                }
                exit = consumer.exitValue();
            } finally {
                consumer.destroyForcibly();
            }
            long exitMillis = (System.nanoTime() - closedAt) / 1_000_000;
            String log = Files.readString(stderr);
            assertEquals(read, head.size(), log);
            assertEquals(1, exit, log);
            assertTrue(log.contains("standard output is closed"), log);
            // said once, as one message naming the records: no stack trace, no repeats (Camel's, camel-kafka's)
            assertEquals(1, log.split("standard output is closed", -1).length - 1, log);
            assertFalse(log.contains("\tat "), log);

            // committed: what the reader took, and at most what a pipe's buffer (64 KiB) held when it went away
            Map<Integer, Long> committed = committedOffsets(bootstrap, group);
            long committedTotal = committed.values().stream().mapToLong(Long::longValue).sum();
            int shortestLine = head.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).min().orElseThrow();
            assertTrue(committedTotal >= read, "committed " + committed + ", less than the " + read + " lines read");
            assertTrue(committedTotal <= read + 65_536 / shortestLine, "committed " + committed + " after " + read
                    + " lines read: records never printed were committed");

            try (RiderProcess restarted = RiderProcess.start(consume)) {
                await().atMost(WAIT).until(() -> restarted.stdout().size() >= total - committedTotal);
                assertEquals(143, restarted.terminate(WAIT), restarted.stderr());
                List<String> rest = restarted.stdout();
                Set<String> printedTwice = new HashSet<>(riders(head));
                printedTwice.retainAll(riders(rest));
                LOG.info("FIGURES consumer stdout closed: produced {}, {} lines read before the reader went away, exit {} "
                                + "{} ms later, committed {} ({} more than read, lost with the pipe's buffer), the restart "
                                + "printed {}, of them already read {}",
                        total, read, exit, exitMillis, new TreeMap<>(committed), committedTotal - read, rest.size(),
                        printedTwice.size());
                assertEquals(total - committedTotal, rest.size(), "the restart prints from the committed offsets on");
                assertEquals(Set.of(), printedTwice, "printed again after the restart");
            }
        }
    }

    /**
     * Per partition, the offset after the last record printed; fails unless the printed records of each partition
     * are exactly its first ones, each once.
     */
    private static Map<Integer, Long> ends(List<String> printed, Map<String, ConsumerRecord<String, String>> byRider) {
        Map<Integer, List<Long>> offsets = new TreeMap<>();
        for (String line : printed) {
            ConsumerRecord<String, String> record = byRider.get(rider(line));
            offsets.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.offset());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        offsets.forEach((partition, list) -> {
            List<Long> expected = LongStream.range(0, list.size()).boxed().toList();
            assertEquals(expected, list, "partition " + partition + " printed out of order, with gaps or twice");
            ends.put(partition, (long) list.size());
        });
        return ends;
    }

    private static Map<Integer, Long> committedOffsets(String bootstrap, String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<Integer, Long> committed = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> committed.put(partition.partition(), offset.offset()));
            return committed;
        }
    }

    private static String rider(String line) {
        Matcher m = RIDER.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not a rider's line: " + line);
        }
        return m.group(1);
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

    /** The topic laid out as admin does, then riders r0, r1, ... written to it, north and south in turn. */
    private static void writeBacklog(String bootstrap, String topic, int total) {
        RiderTopics.ensure(RiderSettings.load(Map.of("rider.topic", topic, "rider.dlq-topic", topic + ".dlq")), bootstrap);
        KafkaRecords.sendAsTutorialProducer(bootstrap, topic, IntStream.range(0, total)
                .mapToObj(i -> KafkaRecords.tutorialRecord(topic, "r" + i, i % 2 == 0 ? "north" : "south")).toList());
    }
}
