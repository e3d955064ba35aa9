package riderupdates.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peak RSS of a running process, from the kernel: its {@code VmHWM}, sampled while it runs (the figure is gone
 * once it exits, so the last sample before the exit is the one that counts).
 */
final class PeakRss {
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    private final Path status;
    private long peakKb;

    PeakRss(Process process) {
        this.status = Path.of("/proc", Long.toString(process.pid()), "status");
    }

    /** Takes a sample; returns the peak so far, in kB. */
    long sample() {
        try {
            Matcher m = HWM.matcher(Files.readString(status));
            if (m.find()) {
                peakKb = Math.max(peakKb, Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            // exited between two samples
        }
        return peakKb;
    }

    /** The peak in kB of the samples taken, 0 if none saw it. */
    long peakKb() {
        return peakKb;
    }
}
