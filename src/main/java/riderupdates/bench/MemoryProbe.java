package riderupdates.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the product as a user runs it: a separate {@code produce} process, capped at 256 MB of
 * heap, ingests the lines from stdin, or from one file dropped into its inbox. Peak heap comes from its GC
 * log (the most used before any collection), peak RSS from the kernel ({@code VmHWM}, sampled until it exits).
 */
final class MemoryProbe {

    /** "[gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 25M->3M(64M) 1.234ms" */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Duration WAIT = Duration.ofMinutes(5);

    /** Where the lines come from. */
    enum Input { STDIN, INBOX }

    private MemoryProbe() {
    }

    static String measure(Input input, String broker, String topic, Path lines, long records, Path routes, Path work)
            throws IOException, InterruptedException {
        String name = input.name().toLowerCase(Locale.ROOT);
        Path gcLog = work.resolve("produce-" + name + "-gc.log");
        Path errors = work.resolve("produce-" + name + ".err");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        // the same routes folder as this process (bin/rider tells where it lives)
        String home = "-Drider.home=" + System.getProperty("rider.home", "");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Xlog:gc:file=" + gcLog, home, "-cp", classPath,
                "riderupdates.RiderUpdates", "produce", "--brokers", broker, "-D", "rider.topic=" + topic));
        if (routes != null) {
            command.addAll(List.of("--routes", routes.toString()));
        }
        Path inbox = work.resolve("inbox");
        if (input == Input.INBOX) {
            command.addAll(List.of("--inbox", inbox.toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectInput(input == Input.STDIN ? lines.toFile() : new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile())
                .start();
        long started = System.nanoTime();
        PeakRss rss = new PeakRss(process);
        Path done = inbox.resolve(".done").resolve(lines.getFileName());
        long deadline = started + WAIT.toNanos();
        try {
            if (input == Input.INBOX) {
                // dropped whole: written beside the inbox, then moved in
                Files.createDirectories(inbox);
                Path staged = work.resolve("staged-" + lines.getFileName());
                Files.copy(lines, staged, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, inbox.resolve(lines.getFileName()));
            }
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                rss.sample();
                if (input == Input.INBOX && Files.exists(done)) {
                    process.destroy(); // the file is in .done/: every line acknowledged; stop as Ctrl-C would
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("'produce' did not end within " + WAIT + ": see " + errors);
                }
            }
        } finally {
            WholeProcesses.stop(process); // a probe that failed leaves no process behind
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (input == Input.STDIN ? process.exitValue() != 0 : !Files.exists(done)) {
            throw new IllegalStateException("'produce' exited with " + process.exitValue() + ": see " + errors);
        }
        long peakHeapMb = 0;
        long peakAfterGcMb = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peakHeapMb = Math.max(peakHeapMb, Long.parseLong(m.group(1)));
                peakAfterGcMb = Math.max(peakAfterGcMb, Long.parseLong(m.group(2)));
            }
        }
        return String.format(Locale.ROOT, "heap peak %d MB (%d MB after GC), RSS peak %s; %,d lines in %.1f s with JVM start",
                peakHeapMb, peakAfterGcMb, rss.peakKb() == 0 ? "n/a" : (rss.peakKb() / 1024) + " MB", records, seconds);
    }
}
