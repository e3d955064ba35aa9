package riderupdates.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import riderupdates.app.RiderApplication;

/**
 * Feeds the stdin route a steady stream of numbered rider lines ("r0 north", "r1 south", ...), one at a time
 * (each published before the next is written) until {@code total} were sent; remembers the longest wait for
 * one line (a fault's outage).
 */
public final class SteadySender implements AutoCloseable {

    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicLong longestMillis = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    public SteadySender(RiderApplication app, int total) {
        thread = new Thread(() -> {
            while (!stopped && sent.get() < total) {
                int i = sent.get();
                long started = System.nanoTime();
                TestApplications.sendLines(app, line(i));
                longestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                sent.incrementAndGet();
            }
        }, "steady-sender");
        thread.start();
    }

    public static String line(int i) {
        return "r" + i + (i % 2 == 0 ? " north" : " south");
    }

    public int sent() {
        return sent.get();
    }

    public void awaitSent(int count, Duration timeout) {
        await().atMost(timeout).until(() -> sent.get() >= count || !thread.isAlive());
    }

    /** The longest a single line waited to be acknowledged, in ms: how long the fault held the stream up. */
    public long longestWaitMillis() {
        return longestMillis.get();
    }

    public void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the sender is stuck after " + sent.get() + " lines");
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(30_000);
    }
}
