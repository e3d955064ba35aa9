package riderupdates.observe;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long work (a large file, a long pipe): lines done so far and the rate,
 * at most once a second and only while the count moves. {@link Style#IN_PLACE} rewrites one line of a
 * terminal; {@link Style#LINES} prints a whole line each time.
 */
public final class ProgressLine implements AutoCloseable {

    /** How the line shows, if at all. */
    public enum Style { OFF, LINES, IN_PLACE }

    /**
     * What the terminal-blind JVM is told by bin/rider: which of stdin, stdout, stderr are terminals, and whether
     * stdout is the very terminal stderr shows on.
     */
    public record Terminals(boolean stdin, boolean stderr, boolean stdoutSharesStderr) {

        static final Terminals NONE = new Terminals(false, false, false);

        /** From the system properties bin/rider sets; none when started otherwise (java -jar, tests). */
        public static Terminals fromLauncher() {
            return new Terminals(Boolean.getBoolean("rider.stdin-terminal"), Boolean.getBoolean("rider.stderr-terminal"),
                    Boolean.getBoolean("rider.stdout-shares-terminal"));
        }
    }

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final boolean inPlace;
    private final LongSupplier done;
    private final LongSupplier clock;
    private ScheduledExecutorService timer;
    private long lastCount;
    private long lastNanos;
    private int width;

    ProgressLine(PrintStream out, boolean inPlace, LongSupplier done, LongSupplier clock) {
        this.out = out;
        this.inPlace = inPlace;
        this.done = done;
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
    }

    /**
     * The style for the setting rider.progress: {@code true} prints lines wherever stderr goes; {@code false} nothing;
     * {@code auto} one line rewritten in place, only when stderr is a terminal that nothing else writes to while
     * lines go in: stdin is not a terminal (typed lines need no progress, and its prompt would be overwritten) and,
     * when the command prints records to stdout, stdout is not that same terminal.
     */
    public static Style style(String setting, Terminals terminals, boolean printsToStdout) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Style.LINES;
            case "false" -> Style.OFF;
            case "auto" -> terminals.stderr() && !terminals.stdin() && !(printsToStdout && terminals.stdoutSharesStderr())
                    ? Style.IN_PLACE : Style.OFF;
            default -> throw new IllegalArgumentException("rider.progress must be auto, true or false, not '" + setting.trim() + "'");
        };
    }

    /** Starts showing the progress of {@code done} in the given style; null for {@link Style#OFF}. */
    public static ProgressLine start(Style style, PrintStream out, LongSupplier done) {
        if (style == Style.OFF) {
            return null;
        }
        ProgressLine line = new ProgressLine(out, style == Style.IN_PLACE, done, System::nanoTime);
        line.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rider-progress");
            thread.setDaemon(true);
            return thread;
        });
        // ticks often, shows at most once a second (a tick a little early would otherwise skip a whole second)
        line.timer.scheduleAtFixedRate(line::tick, 250, 250, TimeUnit.MILLISECONDS);
        return line;
    }

    /** Shows the count when it moved and a second or more has passed since the last time shown. */
    synchronized void tick() {
        long nanos = clock.getAsLong();
        long count = done.getAsLong();
        long elapsed = nanos - lastNanos;
        if (count == lastCount || elapsed < SECOND_NANOS) {
            return;
        }
        String text = String.format(Locale.ROOT, "rider: %,d lines done, %,d/s", count, (count - lastCount) * SECOND_NANOS / elapsed);
        lastCount = count;
        lastNanos = nanos;
        if (inPlace) {
            // padded over a longer previous text; the cursor goes back to the start, so whatever writes to the
            // terminal next (a log line) overwrites this line instead of running on after it
            width = Math.max(width, text.length());
            out.print(pad(text) + "\r");
        } else {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (inPlace && width > 0) {
            // blank the line: a terminal left at its start with the progress text still there
            out.print(pad("") + "\r");
            out.flush();
        }
    }

    private String pad(String text) {
        return text + " ".repeat(width - text.length());
    }
}
