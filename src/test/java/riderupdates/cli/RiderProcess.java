package riderupdates.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code bin/rider} as a user runs it: a separate process, its stdout and stderr collected line by line. */
public final class RiderProcess implements AutoCloseable {

    private static final Path LAUNCHER = Path.of("bin", "rider").toAbsolutePath();

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private RiderProcess(Process process) {
        this.process = process;
        this.stdoutReader = collect(process.getInputStream(), stdout);
        this.stderrReader = collect(process.getErrorStream(), stderr);
    }

    public static RiderProcess start(Map<String, String> environment, String... args) throws IOException {
        return start(LAUNCHER, environment, args);
    }

    /** A bin/rider of another folder (a home of its own). */
    public static RiderProcess start(Path launcher, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KAFKA_BROKERS");
        builder.environment().putAll(environment);
        return new RiderProcess(builder.start());
    }

    public static RiderProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Writes the text to the process's stdin and closes it, as a pipe does. */
    public RiderProcess pipe(String input) throws IOException {
        return pipeBytes(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the text to the process's stdin and leaves it open, as a terminal or a long pipe does. */
    public RiderProcess write(String input) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(input.getBytes(StandardCharsets.UTF_8));
        in.flush();
        return this;
    }

    public RiderProcess pipeBytes(byte[] input) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            in.write(input);
        }
        return this;
    }

    /** Waits for the process to exit; fails the test if it does not in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/rider did not exit within " + timeout + "; stderr:\n" + String.join("\n", stderr));
        }
        stdoutReader.join(5_000);
        stderrReader.join(5_000);
        return process.exitValue();
    }

    /** Sends SIGTERM, as Ctrl-C or a service manager would. */
    public int terminate(Duration timeout) throws InterruptedException {
        // through the handle: Process.destroy() would also close our ends of stdout and stderr
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL: the process dies at once, with no chance to clean up or commit. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    /** Waits until stdout has at least {@code count} lines. */
    public List<String> awaitStdoutLines(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stdout.size() < count && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(50);
        }
        return stdout();
    }

    /** Waits until a line of stderr contains the text; fails the test if none does in time. */
    public void awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stderr.stream().noneMatch(line -> line.contains(text))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("bin/rider never logged \"" + text + "\"; stderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public String stderr() {
        return String.join("\n", stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
