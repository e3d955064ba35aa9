package riderupdates.app;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long work (a large file, a long pipe): lines done so far and the rate,
 * at most once a second and only while the count moves. On a terminal it rewrites one line in place;
 * elsewhere (when asked for with --progress) it prints one line each time.
 */
final class ProgressLine implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rider-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier done;
    private long last;
    private boolean shown;

    ProgressLine(PrintStream out, boolean terminal, LongSupplier done) {
        this.out = out;
        this.terminal = terminal;
        this.done = done;
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        long now = done.getAsLong();
        if (now == last) {
            return;
        }
        String text = String.format("rider: %,d lines done, %,d/s", now, now - last);
        last = now;
        shown = true;
        if (terminal) {
            out.print("\r" + text + "   ");
        } else {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (shown && terminal) {
            out.println();
        }
    }
}
