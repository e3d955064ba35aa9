package riderupdates.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.builder.NotifyBuilder;
import riderupdates.admin.RiderTopics;
import riderupdates.admin.TopicAdmin;
import riderupdates.consumer.ConsumerGroupRoutes;
import riderupdates.input.InputPipe;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.input.StdinLines;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.config.Folders;
import riderupdates.config.RiderSettings;
import riderupdates.producer.IngestCounts;
import riderupdates.producer.RegionPartitioner;

/**
 * Measures the routes against the plain Kafka clients, on one embedded broker, in one run: ingest of the
 * same N lines (raw KafkaProducer, the stdin route, the file-drop route), reading them back (raw
 * KafkaConsumer, the consumer route), the latency of a typed line to its consumer line, and the memory of a
 * separate {@code produce} process ingesting the N lines. A warm-up round runs first and is not counted;
 * each figure is the median of the measured rounds, with their lowest and highest.
 */
public final class RiderBenchmark {

    /** What to measure. */
    public record Plan(long records, int rounds, long warmupRecords, int latencyLines, boolean memory, boolean processes,
                       boolean store, Path routes) {
    }

    private static final String[] REGIONS = {"north", "south", "east", "west"};
    private static final Duration WAIT = Duration.ofMinutes(5);
    /** The pause before each whole process (see settle). */
    private static final long SETTLE_MILLIS = 1000;

    private final Plan plan;
    private final PrintStream report;
    private final BooleanSupplier stopped;
    private final Path work;
    private final Figures rawProducer = new Figures();
    private final Figures stdinRoute = new Figures();
    private final Figures fileRoute = new Figures();
    private final Figures rawConsumer = new Figures();
    private final Figures consumerRoute = new Figures();
    private final Figures latencyP50 = new Figures();
    private final Figures latencyP99 = new Figures();
    private final Figures riderProduce = new Figures();
    private final Figures riderProduceRss = new Figures();
    private final Figures consoleProducer = new Figures();
    private final Figures consoleProducerRss = new Figures();
    private final Figures riderConsume = new Figures();
    private final Figures riderConsumeRss = new Figures();
    private final Figures consoleConsumer = new Figures();
    private final Figures consoleConsumerRss = new Figures();
    private final Figures producePrompt = new Figures();
    private final Figures runPrompt = new Figures();
    private final Figures storeRoute = new Figures();
    private final Figures storeLoop = new Figures();
    private final Figures storeP50 = new Figures();
    private final Figures storeP99 = new Figures();
    private int storeRiders;
    private String broker;
    private String memory = "not measured";
    private String fileMemory = "not measured";
    private int topics;

    /** @param stopped true once the run should end (Ctrl-C): checked between steps */
    public RiderBenchmark(Plan plan, PrintStream report, BooleanSupplier stopped) throws IOException {
        this.plan = plan;
        this.report = report;
        this.stopped = stopped;
        this.work = Files.createTempDirectory("rider-bench");
    }

    /** Runs every measurement and prints the table. */
    public void run() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            broker = kafka.bootstrapServers();
            Path warmupLines = writeLines(plan.warmupRecords(), "warmup.txt");
            Path lines = writeLines(plan.records(), "lines.txt");
            progress("warm-up round (%,d lines, not counted)", plan.warmupRecords());
            round(warmupLines, plan.warmupRecords(), null);
            for (int r = 1; r <= plan.rounds(); r++) {
                progress("round %d of %d (%,d lines)", r, plan.rounds(), plan.records());
                round(lines, plan.records(), r);
            }
            if (plan.memory()) {
                progress("memory: a separate 'produce' process with -Xmx256m ingests %,d lines from stdin", plan.records());
                memory = MemoryProbe.measure(MemoryProbe.Input.STDIN, broker, freshTopic("memory"), lines, plan.records(),
                        plan.routes(), work);
                progress("memory: a separate 'produce --inbox' process with -Xmx256m ingests a dropped file of %,d lines",
                        plan.records());
                fileMemory = MemoryProbe.measure(MemoryProbe.Input.INBOX, broker, freshTopic("memory"), lines, plan.records(),
                        plan.routes(), work);
            }
            if (plan.processes()) {
                WholeProcesses processes = new WholeProcesses(broker, plan.routes(), work);
                progress("whole processes: each bin/rider command run twice first, not counted, for its class-data archive");
                processes.prepareArchives(writeLines(1, "one-line.txt"), freshTopic("archives"));
                for (int r = 1; r <= plan.rounds(); r++) {
                    progress("whole processes, round %d of %d (%,d lines)", r, plan.rounds(), plan.records());
                    processRound(processes, lines, plan.records(), r);
                }
            }
            if (plan.store()) {
                storeRounds();
            }
        } finally {
            deleteQuietly(work);
        }
        printTable();
    }

    /** One round of every measurement; the figures are kept unless it is the warm-up (round null). */
    private void round(Path lines, long n, Integer round) throws Exception {
        boolean counted = round != null;
        String rawTopic = freshTopic("raw");
        RiderSettings defaults = RiderSettings.load(Map.of());
        double seconds = RawClients.produce(broker, rawTopic, lines, defaults.get("rider.key"), RegionPartitioner.fromSettings(defaults));
        record(counted, rawProducer, n / seconds, "raw KafkaProducer", seconds);

        seconds = stdinIngest(lines, n);
        record(counted, stdinRoute, n / seconds, "stdin route", seconds);

        seconds = fileIngest(lines, n);
        record(counted, fileRoute, n / seconds, "file-drop route", seconds);

        seconds = RawClients.consume(broker, rawTopic, "raw-" + rawTopic, n, work.resolve("raw-consumer.out"));
        record(counted, rawConsumer, n / seconds, "raw KafkaConsumer", seconds);

        seconds = consumerRoute(rawTopic, n);
        record(counted, consumerRoute, n / seconds, "consumer route", seconds);

        List<Double> latencies = latencies(counted ? plan.latencyLines() : Math.min(200, plan.latencyLines()));
        if (counted) {
            latencyP50.add(Figures.percentile(latencies, 50));
            latencyP99.add(Figures.percentile(latencies, 99));
        }
        progress("  latency p50 %.2f ms, p99 %.2f ms over %d lines", Figures.percentile(latencies, 50),
                Figures.percentile(latencies, 99), latencies.size());
    }

    /**
     * The store against a plain loop doing the same job, into the embedded PostgreSQL: N records of 10,000 riders
     * (fewer for a small N), the table emptied before each; which goes first alternates by round. Then typed lines
     * until their row is committed.
     */
    private void storeRounds() throws Exception {
        storeRiders = (int) Math.max(1, Math.min(10_000, plan.records() / 10));
        RiderSettings defaults = RiderSettings.load(Map.of());
        Map<String, Integer> regions = defaults.regions();
        int defaultPartition = defaults.getInt("rider.default-partition");
        Map<String, Long> newest = StoreBench.newestOffsets(plan.records(), storeRiders, regions, defaultPartition);
        try (StoreBench store = new StoreBench(broker, RoutesLocation.resolve(plan.routes()))) {
            String topic = freshTopic("store");
            progress("store: writing %,d updates of %,d riders", plan.records(), storeRiders);
            store.write(topic, plan.records(), storeRiders, regions, defaultPartition);
            for (int r = 0; r <= plan.rounds(); r++) {
                boolean counted = r > 0;
                progress("store, %s (%,d records)", counted ? "round " + r + " of " + plan.rounds() : "warm-up", plan.records());
                for (boolean route : r % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    String group = (route ? "store-route-" : "store-loop-") + r;
                    double seconds = route ? store.storeRoute(topic, group, newest)
                            : store.rawLoop(topic, group, defaults.getInt("rider.store.max-poll-records"), newest);
                    record(counted, route ? storeRoute : storeLoop, plan.records() / seconds, route ? "store route" : "plain store loop", seconds);
                }
            }
            List<Double> latencies = store.latencies(freshTopic("store-latency"), plan.latencyLines());
            storeP50.add(Figures.percentile(latencies, 50));
            storeP99.add(Figures.percentile(latencies, 99));
            progress("  typed line to its committed row: p50 %.2f ms, p99 %.2f ms over %d lines", Figures.percentile(latencies, 50),
                    Figures.percentile(latencies, 99), latencies.size());
        }
    }

    /**
     * One round of the whole-process rows: each command against its Kafka counterpart, both fed the same file or
     * reading the same records, one after the other (which goes first alternates by round); then the prompts.
     */
    private void processRound(WholeProcesses processes, Path lines, long n, int round) throws Exception {
        boolean riderFirst = round % 2 == 1;
        String riderTopic = freshTopic("produce");
        String consoleTopic = freshTopic("console-producer");
        for (boolean rider : riderFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            settle();
            WholeProcesses.Run run = rider ? processes.riderProduce(riderTopic, lines) : processes.consoleProducer(consoleTopic, lines);
            processFigures(rider ? riderProduce : consoleProducer, rider ? riderProduceRss : consoleProducerRss, run,
                    rider ? "rider produce" : "ConsoleProducer");
        }
        for (boolean rider : riderFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            settle();
            WholeProcesses.Run run = rider ? processes.riderConsume(riderTopic, "rider-" + riderTopic, n)
                    : processes.consoleConsumer(riderTopic, "console-" + riderTopic, n);
            processFigures(rider ? riderConsume : consoleConsumer, rider ? riderConsumeRss : consoleConsumerRss, run,
                    rider ? "rider consume" : "ConsoleConsumer");
        }
        if (WholeProcesses.canMeasurePrompts()) {
            double seconds = processes.secondsToPrompt("produce", freshTopic("prompt"));
            producePrompt.add(seconds);
            progress("  %-18s prompt after %.2f s", "rider produce", seconds);
            seconds = processes.secondsToPrompt("run", freshTopic("prompt"));
            runPrompt.add(seconds);
            progress("  %-18s prompt after %.2f s", "rider run", seconds);
        }
    }

    /**
     * Before each whole process: the broker lives in this JVM, whose heap holds the garbage of what ran before; it is
     * collected now, not in the middle of the next process (which would charge that one with the pause), and the
     * disk writes of the last one get a moment to drain.
     */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(SETTLE_MILLIS);
    }

    private void processFigures(Figures wall, Figures rss, WholeProcesses.Run run, String what) {
        wall.add(run.seconds());
        rss.add(run.peakRssKb() / 1024.0);
        progress("  %-18s %.2f s, peak RSS %d MB", what, run.seconds(), run.peakRssKb() / 1024);
    }

    /** The stdin route ingesting the file as a pipe; timed from its first read to the end of input. */
    private double stdinIngest(Path lines, long n) throws Exception {
        String topic = freshTopic("stdin");
        CountDownLatch go = new CountDownLatch(1);
        try (InputStream file = Files.newInputStream(lines);
             RiderApplication app = start(topic, Map.of(), EnumSet.of(Role.STDIN, Role.PUBLISH), List.of(), new HeldInput(file, go))) {
            long started = System.nanoTime();
            go.countDown();
            if (!app.stdin().awaitEnd(WAIT)) {
                throw new IllegalStateException("stdin was not ingested within " + WAIT);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            expectPublished(app.counts(), StdinLines.SOURCE, n);
            return seconds;
        }
    }

    /** The file-drop route ingesting the file; timed from the route picking the file up to its last line published. */
    private double fileIngest(Path lines, long n) throws Exception {
        String topic = freshTopic("file");
        Path inbox = Files.createDirectories(work.resolve("inbox-" + topic));
        Map<String, String> inboxSettings = Map.of("rider.inbox", inbox.toString(), "rider.inbox.settle-ms", "0");
        try (RiderApplication app = start(topic, inboxSettings, EnumSet.of(Role.INBOX, Role.PUBLISH), List.of(), null)) {
            NotifyBuilder pickedUp = new NotifyBuilder(app.camelContext()).fromRoute("file-drop-to-kafka").whenReceived(1).create();
            Path staged = work.resolve("lines-" + topic + ".txt");
            Files.copy(lines, staged);
            Files.move(staged, inbox.resolve("lines.txt"), StandardCopyOption.ATOMIC_MOVE); // dropped whole at once
            long started = pollUntil(pickedUp::matches);
            pickedUp.destroy(); // a NotifyBuilder left in place would weigh on every exchange
            // (the route starts the file's counts afresh when it picks the file up: look them up each time)
            long done = pollUntil(() -> app.counts().of("lines.txt").done() >= n);
            expectPublished(app.counts(), "lines.txt", n);
            return (done - started) / 1e9;
        }
    }

    /** The consumer route reading the topic as a new group, printing to a file; first record to last. */
    private double consumerRoute(String topic, long n) throws Exception {
        String group = "route-" + topic;
        Map<Integer, Long> ends;
        try (TopicAdmin admin = new TopicAdmin(broker, Duration.ofSeconds(30))) {
            ends = admin.endOffsets(topic);
        }
        PrintStream stdout = System.out;
        try (PrintStream printed = new PrintStream(Files.newOutputStream(work.resolve("route-consumer.out")), true, StandardCharsets.UTF_8)) {
            System.setOut(printed);
            try (RiderApplication app = start(topic, Map.of(), EnumSet.of(Role.CONSUMER), List.of(group), null)) {
                NotifyBuilder first = new NotifyBuilder(app.camelContext()).fromRoute(ConsumerGroupRoutes.routeId(group)).whenDone(1).create();
                long started = pollUntil(first::matches);
                first.destroy(); // a NotifyBuilder left in place would weigh on every record
                long done = pollUntil(() -> app.progress().groupsBehind(ends).isEmpty());
                return (done - started) / 1e9;
            }
        } finally {
            System.setOut(stdout);
        }
    }

    /** Lines typed one at a time into a running 'run' (stdin, publish, one group): line in to its consumer line out. */
    private List<Double> latencies(int count) throws Exception {
        String topic = freshTopic("latency");
        InputPipe stdin = new InputPipe();
        LineClock clock = new LineClock();
        PrintStream stdout = System.out;
        List<Double> millis = new ArrayList<>();
        try (PrintStream printed = new PrintStream(clock, true, StandardCharsets.UTF_8)) {
            System.setOut(printed);
            try (RiderApplication app = start(topic, Map.of(), EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER), List.of("typist"), stdin)) {
                int warmup = 50;
                for (int i = 0; i < warmup + count; i++) {
                    String rider = "typist" + i;
                    long sent = System.nanoTime();
                    stdin.write(rider + " " + REGIONS[i % REGIONS.length] + "\n");
                    long arrived = clock.await("\"" + rider + "\"", WAIT);
                    if (i >= warmup) {
                        millis.add((arrived - sent) / 1e6);
                    }
                }
                stdin.end();
            }
        } finally {
            System.setOut(stdout);
        }
        return millis;
    }

    private RiderApplication start(String topic, Map<String, String> extra, Set<Role> roles, List<String> groups, InputStream stdin) {
        return RiderApplication.start(new RiderApplication.Options(topicSettings(topic, extra), broker,
                RoutesLocation.resolve(plan.routes()), roles, groups, stdin, null, false, List.of()));
    }

    /** The default settings, for this topic and its own dead-letter topic. */
    private static RiderSettings topicSettings(String topic, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        overrides.put("rider.topic", topic);
        overrides.put("rider.dlq-topic", topic + ".dlq");
        return RiderSettings.load(overrides);
    }

    /** A new topic and its dead-letter topic, made by admin as the commands make them: every measurement starts empty. */
    private String freshTopic(String name) {
        String topic = "bench-" + name + "-" + (++topics);
        RiderTopics.ensure(topicSettings(topic, Map.of()), broker);
        return topic;
    }

    private Path writeLines(long n, String name) throws IOException {
        Path file = work.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < n; i++) {
                out.write("rider" + i + " " + REGIONS[(int) (i % REGIONS.length)]);
                out.newLine();
            }
        }
        return file;
    }

    private static void expectPublished(IngestCounts counts, String source, long n) {
        IngestCounts.Counts c = counts.of(source);
        if (c.published() != n) {
            throw new IllegalStateException("expected " + n + " lines published, got " + counts.summary(source));
        }
    }

    private void record(boolean counted, Figures figures, double perSecond, String what, double seconds) {
        if (counted) {
            figures.add(perSecond);
        }
        progress("  %-18s %,10.0f records/s (%.2f s)", what, perSecond, seconds);
    }

    private static long pollUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting after " + WAIT);
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    /** Reports a step; each is also where a Ctrl-C ends the run (the temporary files are removed on the way out). */
    private void progress(String format, Object... args) {
        if (stopped.getAsBoolean()) {
            throw new CancellationException("stopped");
        }
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    private void printTable() {
        report.printf(Locale.ROOT, "%nrider-updates benchmark: %,d records per measurement, %d rounds after a warm-up of %,d; "
                        + "median (lowest-highest); route/raw: the median of each round's ratio%n%n",
                plan.records(), plan.rounds(), plan.warmupRecords());
        report.printf("| %-42s | %-34s | %-20s |%n", "measurement", "result", "route/raw");
        report.printf("|%s|%s|%s|%n", "-".repeat(44), "-".repeat(36), "-".repeat(22));
        row("raw KafkaProducer (acks=all, idempotent)", rawProducer, null);
        row("stdin route", stdinRoute, rawProducer);
        row("file-drop route", fileRoute, rawProducer);
        row("raw KafkaConsumer (printing each line)", rawConsumer, null);
        row("consumer route (printing each line)", consumerRoute, rawConsumer);
        report.printf("| %-42s | %-34s | %-20s |%n", "typed line -> consumer line, p50", latencyP50.describe("%.2f") + " ms", "");
        report.printf("| %-42s | %-34s | %-20s |%n", "typed line -> consumer line, p99", latencyP99.describe("%.2f") + " ms", "");
        report.printf("| %-42s | %-34s | %-20s |%n", "memory of produce -Xmx256m, stdin", memory, "");
        report.printf("| %-42s | %-34s | %-20s |%n", "memory of produce -Xmx256m, dropped file", fileMemory, "");
        if (plan.store()) {
            row("plain store loop (KafkaConsumer + JDBC upsert)", storeLoop, null);
            row("store route (" + storeRiders + " riders)", storeRoute, storeLoop);
            report.printf("| %-42s | %-34s | %-20s |%n", "typed line -> row committed, p50", storeP50.describe("%.2f") + " ms", "");
            report.printf("| %-42s | %-34s | %-20s |%n", "typed line -> row committed, p99", storeP99.describe("%.2f") + " ms", "");
        }
        if (plan.processes()) {
            printProcessTable();
        }
        report.flush();
    }

    private void printProcessTable() {
        report.printf(Locale.ROOT, "%nWhole processes, each a new JVM started as a user starts it (bin/rider; Kafka's console tools with "
                + "their scripts' JVM options): %,d records, %d rounds; wall from the start; rider/kafka: the median of each "
                + "round's ratio%n%n", plan.records(), plan.rounds());
        report.printf("| %-44s | %-24s | %-24s | %-22s | %-22s |%n", "whole process", "wall s", "peak RSS MB", "rider/kafka wall",
                "rider/kafka RSS");
        report.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(26), "-".repeat(26), "-".repeat(24), "-".repeat(24));
        processRow("bin/rider produce < file (to exit)", riderProduce, riderProduceRss, consoleProducer, consoleProducerRss);
        processRow("ConsoleProducer acks=all < file (to exit)", consoleProducer, consoleProducerRss, null, null);
        processRow("bin/rider consume, new group (to last line)", riderConsume, riderConsumeRss, consoleConsumer, consoleConsumerRss);
        processRow("ConsoleConsumer, new group (to last line)", consoleConsumer, consoleConsumerRss, null, null);
        report.printf("| %-44s | %-24s | %-24s | %-22s | %-22s |%n", "bin/rider produce: start to \"> \" prompt",
                producePrompt.describe("%.2f"), "", "", "");
        report.printf("| %-44s | %-24s | %-24s | %-22s | %-22s |%n", "bin/rider run: start to \"> \" prompt",
                runPrompt.describe("%.2f"), "", "", "");
    }

    private void processRow(String what, Figures wall, Figures rss, Figures kafkaWall, Figures kafkaRss) {
        report.printf("| %-44s | %-24s | %-24s | %-22s | %-22s |%n", what, wall.describe("%.2f"), rss.describe("%.0f"),
                kafkaWall == null || wall.isEmpty() ? "" : wall.ratiosTo(kafkaWall).describe("%.2fx"),
                kafkaRss == null || rss.isEmpty() ? "" : rss.ratiosTo(kafkaRss).describe("%.2fx"));
    }

    private void row(String what, Figures figures, Figures raw) {
        String ratio = raw == null || figures.isEmpty() ? "" : figures.ratiosTo(raw).describe("%.2fx");
        report.printf("| %-42s | %-34s | %-20s |%n", what, figures.describe("%,.0f") + " /s", ratio);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            // a temporary folder: the system cleans it up in the end
        }
    }

    /** Stdin that holds back its first read until the clock starts, so start-up is not timed. */
    private static final class HeldInput extends java.io.FilterInputStream {
        private final CountDownLatch go;

        HeldInput(InputStream in, CountDownLatch go) {
            super(in);
            this.go = go;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return super.read(b, off, len);
        }
    }

    /** Standard output that notes when each printed line arrives. */
    private static final class LineClock extends OutputStream {
        private final StringBuilder line = new StringBuilder();
        private final Map<String, Long> arrivals = new HashMap<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                arrivals.put(line.toString(), System.nanoTime());
                line.setLength(0);
                notifyAll();
            } else {
                line.append((char) b);
            }
        }

        /** When a line containing the text arrived. */
        synchronized long await(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (Map.Entry<String, Long> arrival : arrivals.entrySet()) {
                    if (arrival.getKey().contains(text)) {
                        arrivals.remove(arrival.getKey());
                        return arrival.getValue();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no consumer line with " + text + " within " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
