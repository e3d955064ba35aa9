package riderupdates.producer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the inputs and the publishing route: how many batches of each input are in flight, and when the
 * route reloader may swap the publishing routes.
 * <ul>
 * <li><b>In flight</b> ({@link #enter}): a batch is in flight from the moment its input hands it to the
 * publishing route until that exchange is done (Kafka acknowledged or refused every record). An input waits
 * while {@code batchesInFlight} of its batches are. (Camel's {@code throttle} in ConcurrentRequests mode does
 * the same, but forgets its count ten seconds after the last completion, while permits are still held: a
 * broker outage would let batches pile up in memory.)</li>
 * <li><b>Reloads</b> ({@link #whileClosed}): each input's batch holds a pass from the moment it is taken until
 * its input takes the next one or ends; a reload takes every pass, waits until no batch is in flight, and only
 * then swaps the routes, so that no batch enters or finishes in a route as Camel stops it. Camel's split
 * closes the iterator right after taking its last item, so the inputs end with an empty batch: the last real
 * batch keeps its pass until it is handed over.</li>
 * </ul>
 */
public final class PublishGate {

    private static final Logger LOG = LoggerFactory.getLogger(PublishGate.class);
    /** More than the inputs that can publish at once (stdin, the inbox). */
    private static final int PASSES = 64;

    private final Semaphore passes = new Semaphore(PASSES, true);
    private final int batchesInFlight;
    /** Per input route: its batches still free to go in flight. */
    private final Map<String, Semaphore> inFlightByInput = new ConcurrentHashMap<>();
    /** Input routes that stopped early (a batch failed) and wait for their batches in flight to land. */
    private final Set<String> landing = ConcurrentHashMap.newKeySet();

    /** @param batchesInFlight at least 1 (the application checks rider.batches-in-flight) */
    public PublishGate(int batchesInFlight) {
        this.batchesInFlight = batchesInFlight;
    }

    /** The input's batches, each holding a pass while it is taken and handed over. */
    public <T> Iterator<T> guard(Iterator<T> batches) {
        return new Guarded<>(batches);
    }

    /**
     * A batch goes in flight: waits while its input (the route it came from) has {@code batchesInFlight}
     * batches in flight; it leaves when the batch's exchange is done, published or failed. A batch that was
     * waiting when its input stopped early goes no further: like the rest of that input, it is not sent.
     */
    public void enter(Exchange batch) throws InterruptedException {
        String input = String.valueOf(batch.getFromRouteId());
        Semaphore free = free(input);
        free.acquire();
        if (landing.contains(input)) {
            free.release();
            LOG.debug("{}: a batch was not sent, its input stopped after a failed batch", input);
            batch.setRouteStop(true);
            return;
        }
        batch.getExchangeExtension().addOnCompletion(new Synchronization() {
            @Override
            public void onComplete(Exchange exchange) {
                free.release();
            }

            @Override
            public void onFailure(Exchange exchange) {
                free.release();
            }
        });
    }

    /**
     * Waits until none of this input's batches is in flight (a dropped file is done only then). After a failed
     * batch Camel's split ends at once, while later batches may still be in flight or waiting to enter.
     */
    public void awaitLanded(Exchange input) throws InterruptedException {
        String id = String.valueOf(input.getFromRouteId());
        Semaphore free = free(id);
        landing.add(id);
        try {
            free.acquire(batchesInFlight); // fair: a batch already waiting to enter is answered first
            free.release(batchesInFlight);
        } finally {
            landing.remove(id);
        }
    }

    /** Runs the change once no batch is being handed over or in flight, or after the timeout anyway (with a warning). */
    public void whileClosed(long timeoutMillis, Runnable change) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean closed = false;
        try {
            closed = passes.tryAcquire(PASSES, timeoutMillis, TimeUnit.MILLISECONDS);
            boolean landed = closed && allLanded(deadline);
            if (!landed) {
                LOG.warn("A batch is still being published after {} ms: reloading anyway", timeoutMillis);
            }
            change.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (closed) {
                passes.release(PASSES);
            }
        }
    }

    private boolean allLanded(long deadline) throws InterruptedException {
        for (Semaphore free : inFlightByInput.values()) {
            long left = deadline - System.nanoTime();
            if (!free.tryAcquire(batchesInFlight, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return false;
            }
            free.release(batchesInFlight);
        }
        return true;
    }

    private Semaphore free(String inputRouteId) {
        return inFlightByInput.computeIfAbsent(inputRouteId, id -> new Semaphore(batchesInFlight, true));
    }

    private final class Guarded<T> implements Iterator<T>, Closeable {
        private final Iterator<T> batches;
        private final AtomicBoolean holding = new AtomicBoolean();
        private volatile boolean closed;

        Guarded(Iterator<T> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return batches.hasNext();
        }

        @Override
        public T next() {
            // the previous batch has been handed over: its pass goes back before waiting for more input
            release();
            T batch = batches.next();
            passes.acquireUninterruptibly();
            holding.set(true);
            if (closed) {
                // closed meanwhile (Camel's split may close it from another thread when a batch fails)
                release();
            }
            return batch;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            release();
            if (batches instanceof Closeable closeable) {
                closeable.close();
            }
        }

        private void release() {
            if (holding.compareAndSet(true, false)) {
                passes.release();
            }
        }
    }
}
