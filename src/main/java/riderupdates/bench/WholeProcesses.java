package riderupdates.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import riderupdates.app.RoutesLocation;

/**
 * The commands as a user runs them: each a new process, timed from outside, from its start. {@code bin/rider produce}
 * and {@code consume} (with bin/rider's own JVM options, and its environment's {@code JAVA_OPTS}), and Kafka's own
 * console tools from the kafka-tools jar, started as Kafka's scripts start them. Peak RSS is the kernel's
 * {@code VmHWM} of the process, sampled until it exits.
 */
final class WholeProcesses {

    /** What one process took: its wall time (see each method for where it ends) and its peak RSS. */
    record Run(double seconds, long peakRssKb) {
    }

    /**
     * kafka-console-producer.sh and kafka-console-consumer.sh: KAFKA_HEAP_OPTS, then kafka-run-class.sh's
     * KAFKA_JVM_PERFORMANCE_OPTS, their defaults in Apache Kafka 4.x.
     */
    static final List<String> KAFKA_TOOL_JVM = List.of("-Xmx512M", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true");

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final long SAMPLE_MILLIS = 20;

    private final String broker;
    private final Path routes;
    private final Path work;
    private final String java = ProcessHandle.current().info().command().orElse("java");
    /** bin/rider's jar: its manifest's class path holds kafka-tools too */
    private final String classPath = System.getProperty("java.class.path");

    WholeProcesses(String broker, Path routes, Path work) {
        this.broker = broker;
        this.routes = routes;
        this.work = work;
    }

    /** {@code bin/rider produce < lines}: start to exit (every line acknowledged). */
    Run riderProduce(String topic, Path lines) throws IOException, InterruptedException {
        return untilExit(rider("produce", topic), lines, "rider produce");
    }

    /**
     * Runs {@code produce}, {@code consume} and {@code run} twice each on one line, not measured: after a build,
     * bin/rider writes a command's class-data archive as its first run exits and checks it on the second, a cost
     * each command pays once. The rounds then measure the runs a user has from then on.
     */
    void prepareArchives(Path oneLine, String topic) throws IOException, InterruptedException {
        for (int i = 1; i <= 2; i++) {
            untilExit(rider("produce", topic), oneLine, "rider produce (archive)");
            riderConsume(topic, "archive-" + i, 1);
            untilExit(rider("run", topic), oneLine, "rider run (archive)");
        }
    }

    /** {@code kafka-console-producer --command-property acks=all < lines}: start to exit. */
    Run consoleProducer(String topic, Path lines) throws IOException, InterruptedException {
        List<String> command = kafkaTool("org.apache.kafka.tools.ConsoleProducer");
        command.addAll(List.of("--bootstrap-server", broker, "--topic", topic, "--command-property", "acks=all"));
        return untilExit(command, lines, "ConsoleProducer");
    }

    /** {@code bin/rider consume --group GROUP}: start to its last record printed; then stopped as Ctrl-C would. */
    Run riderConsume(String topic, String group, long records) throws IOException, InterruptedException {
        List<String> command = rider("consume", topic);
        command.addAll(List.of("--group", group));
        return untilPrinted(command, records, "rider consume");
    }

    /** {@code kafka-console-consumer --from-beginning} in a new group: start to its last record printed. */
    Run consoleConsumer(String topic, String group, long records) throws IOException, InterruptedException {
        List<String> command = kafkaTool("org.apache.kafka.tools.consumer.ConsoleConsumer");
        command.addAll(List.of("--bootstrap-server", broker, "--topic", topic, "--group", group, "--from-beginning",
                "--max-messages", Long.toString(records)));
        return untilPrinted(command, records, "ConsoleConsumer");
    }

    /** True when prompts can be measured: they need a terminal, which util-linux's {@code script} provides. */
    static boolean canMeasurePrompts() {
        return new File("/usr/bin/script").canExecute() || new File("/bin/script").canExecute();
    }

    /**
     * {@code bin/rider COMMAND} at a terminal (a pseudo-terminal from {@code script}), as a person starts it: the
     * seconds from its start to its {@code > } prompt. Then Ctrl-D ends its input, and it ends.
     */
    double secondsToPrompt(String riderCommand, String topic) throws IOException, InterruptedException {
        StringBuilder shell = new StringBuilder("exec");
        for (String word : rider(riderCommand, topic)) {
            shell.append(' ').append(quote(word));
        }
        Path log = work.resolve("prompt-" + riderCommand + ".log");
        Process process = new ProcessBuilder("script", "-qfec", shell.toString(), "/dev/null")
                .redirectError(log.toFile())
                .start();
        long started = System.nanoTime();
        PromptWatch watch = new PromptWatch(process.getInputStream());
        watch.start();
        try {
            if (!watch.prompted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no prompt from 'rider " + riderCommand + "' within " + WAIT + ": " + watch.tail());
            }
            double seconds = (watch.promptAt - started) / 1e9;
            OutputStream terminal = process.getOutputStream();
            terminal.write(4); // Ctrl-D: the end of the typed input
            terminal.flush();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("'rider " + riderCommand + "' did not end after Ctrl-D: " + watch.tail());
            }
            return seconds;
        } finally {
            stop(process);
        }
    }

    private List<String> rider(String riderCommand, String topic) {
        List<String> command = new ArrayList<>();
        String home = System.getProperty(RoutesLocation.HOME_PROPERTY);
        Path launcher = home == null ? null : Path.of(home, "bin", "rider");
        if (launcher != null && Files.isExecutable(launcher)) {
            command.add(launcher.toString());
        } else {
            // not started by bin/rider: the same jar, without bin/rider's JVM options
            command.addAll(List.of(java, "-cp", classPath, "riderupdates.RiderUpdates"));
        }
        command.addAll(List.of(riderCommand, "--brokers", broker, "-D", "rider.topic=" + topic, "-D", "rider.dlq-topic=" + topic + ".dlq"));
        if (routes != null) {
            command.addAll(List.of("--routes", routes.toString()));
        }
        return command;
    }

    private List<String> kafkaTool(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(KAFKA_TOOL_JVM);
        command.addAll(List.of("-cp", classPath, mainClass));
        return command;
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KAFKA_BROKERS");
        builder.environment().remove("RIDER_BROKERS");
        return builder;
    }

    private Run untilExit(List<String> command, Path stdin, String name) throws IOException, InterruptedException {
        Path errors = work.resolve(name.replace(' ', '-') + ".err");
        Process process = builder(command)
                .redirectInput(stdin.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile())
                .start();
        long started = System.nanoTime();
        PeakRss rss = new PeakRss(process);
        try {
            long deadline = started + WAIT.toNanos();
            while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                rss.sample();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not end within " + WAIT + ": see " + errors);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + lastLines(errors));
            }
            return new Run(seconds, rss.peakKb());
        } finally {
            stop(process);
        }
    }

    private Run untilPrinted(List<String> command, long records, String name) throws IOException, InterruptedException {
        Path errors = work.resolve(name.replace(' ', '-') + ".err");
        Process process = builder(command)
                .redirectInput(new File("/dev/null"))
                .redirectError(errors.toFile())
                .start();
        long started = System.nanoTime();
        LineCounter printed = new LineCounter(process.getInputStream(), records);
        printed.start();
        PeakRss rss = new PeakRss(process);
        try {
            long deadline = started + WAIT.toNanos();
            while (!printed.done.await(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                rss.sample();
                if (!process.isAlive() && !printed.done.await(1, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " after " + printed.lines.get()
                            + " of " + records + " records: " + lastLines(errors));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " printed " + printed.lines.get() + " of " + records + " records within "
                            + WAIT + ": see " + errors);
                }
            }
            double seconds = (printed.doneAt - started) / 1e9;
            long peak = rss.sample();
            process.destroy(); // SIGTERM, as Ctrl-C: the console consumer has usually ended by itself
            process.waitFor(2, TimeUnit.MINUTES);
            return new Run(seconds, peak);
        } finally {
            stop(process);
        }
    }

    /** Stops a process and its children as Ctrl-C would, and by force after 30 s. */
    static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Counts the lines a process prints, noting when the last expected one arrived. */
    private static final class LineCounter extends Thread {
        private final InputStream in;
        private final long expected;
        private final AtomicLong lines = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long doneAt;

        LineCounter(InputStream in, long expected) {
            super("bench-line-counter");
            setDaemon(true);
            this.in = in;
            this.expected = expected;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long count = lines.get();
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            count++;
                        }
                    }
                    lines.set(count);
                    if (count >= expected && done.getCount() > 0) {
                        doneAt = System.nanoTime();
                        done.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
    }

    /** Watches a terminal's output for the prompt: "> " at the start of a line. */
    private static final class PromptWatch extends Thread {
        private final InputStream in;
        private final StringBuilder seen = new StringBuilder();
        private final CountDownLatch prompted = new CountDownLatch(1);
        private volatile long promptAt;

        PromptWatch(InputStream in) {
            super("bench-prompt-watch");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (seen) {
                        int from = Math.max(0, seen.length() - 2);
                        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        // log lines never start with "> "; a log line may follow the prompt on its line
                        boolean atPrompt = seen.indexOf("\n> ", from) >= 0 || (seen.length() >= 2 && seen.indexOf("> ") == 0);
                        if (atPrompt && prompted.getCount() > 0) {
                            promptAt = System.nanoTime();
                            prompted.countDown();
                        }
                        if (seen.length() > 16_384) {
                            seen.delete(0, seen.length() - 4096);
                        }
                    }
                }
            } catch (IOException e) {
                // the terminal closed
            }
        }

        String tail() {
            synchronized (seen) {
                return seen.substring(Math.max(0, seen.length() - 2000));
            }
        }
    }
}
