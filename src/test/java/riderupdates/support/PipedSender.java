package riderupdates.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.spi.InflightRepository;
import riderupdates.app.RiderApplication;
import riderupdates.input.StdinLines;
import riderupdates.producer.IngestCounts;

/**
 * Pipes numbered rider lines ({@link RiderSequence#line}) into the stdin route without waiting for each, as a
 * program piping into {@code bin/rider produce} does: chunks are written while fewer than {@code backlog}
 * lines are unacknowledged (a full pipe blocks its writer the same way), so the input always has lines
 * waiting and the publishing route its full {@code rider.batches-in-flight}. Stdin ends after the last line.
 *
 * <p>A sampler notes when acknowledgements came (for the outage a fault causes) and how many batches were in
 * the publishing route at once.
 */
public final class PipedSender implements AutoCloseable {

    /** The route every input hands its batches to: its exchanges in flight are the batches not yet acknowledged. */
    public static final String PUBLISH_ROUTE = "publish-rider-updates";

    private final RiderApplication app;
    private final int total;
    private final IngestCounts.Counts counts;
    private final AtomicInteger written = new AtomicInteger();
    private final List<long[]> acks = new CopyOnWriteArrayList<>(); // {nanoTime, lines done}
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Thread writer;
    private final Thread sampler;
    private volatile boolean stopped;

    /**
     * @param chunk   lines written at once
     * @param backlog most lines written and not yet done (published, rejected, failed)
     */
    public PipedSender(RiderApplication app, int total, int chunk, int backlog) {
        this.app = app;
        this.total = total;
        this.counts = app.counts().of(StdinLines.SOURCE);
        writer = new Thread(() -> write(chunk, backlog), "piped-sender");
        sampler = new Thread(this::sample, "piped-sender-sampler");
        sampler.setDaemon(true);
        sampler.start();
        writer.start();
    }

    /** Settings for a test of its own topic, stdin in batches of {@code batchSize}, {@code batchesInFlight} at once. */
    public static Map<String, String> settings(String topic, int batchSize, int batchesInFlight) {
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.batch-size", String.valueOf(batchSize));
        overrides.put("rider.batches-in-flight", String.valueOf(batchesInFlight));
        return overrides;
    }

    private void write(int chunk, int backlog) {
        while (!stopped && written.get() < total) {
            if (written.get() - counts.done() >= backlog) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            int from = written.get();
            int to = Math.min(total, from + chunk);
            List<String> lines = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                lines.add(RiderSequence.line(i));
            }
            TestApplications.pipeLines(app, lines);
            written.set(to);
        }
        if (!stopped) {
            TestApplications.endStdin(app);
        }
    }

    private void sample() {
        InflightRepository inflight = app.camelContext().getInflightRepository();
        long lastDone = -1;
        while (!stopped) {
            long done = counts.done();
            if (done != lastDone) {
                acks.add(new long[] {System.nanoTime(), done});
                lastDone = done;
            }
            mostInFlight.accumulateAndGet(inflight.size(PUBLISH_ROUTE), Math::max);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Lines written to stdin so far. */
    public int written() {
        return written.get();
    }

    /** Lines published, rejected or failed so far. */
    public long done() {
        return counts.done();
    }

    /** Batches in the publishing route now (sent, not yet acknowledged). */
    public int inFlight() {
        return app.camelContext().getInflightRepository().size(PUBLISH_ROUTE);
    }

    /** The most batches seen in flight at once since the last call; starts afresh. */
    public int takeMostInFlight() {
        return mostInFlight.getAndSet(inFlight());
    }

    /** Milliseconds from {@code nanoTime} until the next acknowledgement after it; -1 if none came yet. */
    public long millisToFirstAckAfter(long nanoTime) {
        return acks.stream().mapToLong(a -> a[0]).filter(t -> t > nanoTime).map(t -> (t - nanoTime) / 1_000_000)
                .findFirst().orElse(-1);
    }

    /** The longest time no line was acknowledged between the first acknowledgement and the last, in ms. */
    public long longestStallMillis() {
        long longest = 0;
        for (int i = 1; i < acks.size(); i++) {
            longest = Math.max(longest, acks.get(i)[0] - acks.get(i - 1)[0]);
        }
        return longest / 1_000_000;
    }

    /** Waits until every line was written and stdin's end signalled (every batch acknowledged or failed). */
    public void awaitDone(Duration timeout) throws InterruptedException {
        if (!app.stdin().awaitEnd(timeout)) {
            throw new AssertionError("stdin did not end in " + timeout + ": written " + written.get() + " of " + total
                    + ", done " + counts.done() + ", batches in flight " + inFlight());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        writer.join(30_000);
        sampler.join(30_000);
    }
}
