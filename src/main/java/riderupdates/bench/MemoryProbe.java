package riderupdates.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the product as a user runs it: a separate {@code produce} process, capped at 256 MB of
 * heap, ingests the lines from stdin. Peak heap comes from its GC log (the most used before any collection),
 * peak RSS from the kernel ({@code VmHWM}, sampled until it exits).
 */
final class MemoryProbe {

    /** "[gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 25M->3M(64M) 1.234ms" */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    private MemoryProbe() {
    }

    static String measure(String broker, String topic, Path lines, long records, Path routes, Path work)
            throws IOException, InterruptedException {
        Path gcLog = work.resolve("produce-gc.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        // the same routes folder as this process (bin/rider tells where it lives)
        String home = "-Drider.home=" + System.getProperty("rider.home", "");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Xlog:gc:file=" + gcLog, home, "-cp", classPath,
                "riderupdates.RiderUpdates", "produce", "--brokers", broker, "-D", "rider.topic=" + topic));
        if (routes != null) {
            command.addAll(List.of("--routes", routes.toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectInput(lines.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve("produce.err").toFile())
                .start();
        long started = System.nanoTime();
        long peakRssKb = 0;
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakRssKb = Math.max(peakRssKb, highWaterMark(status));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("'produce' exited with " + process.exitValue() + ": see " + work.resolve("produce.err"));
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
                peakHeapMb, peakAfterGcMb, peakRssKb == 0 ? "n/a" : (peakRssKb / 1024) + " MB", records, seconds);
    }

    private static long highWaterMark(Path status) {
        try {
            Matcher m = HWM.matcher(Files.readString(status));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0; // exited between two samples
        }
    }
}
