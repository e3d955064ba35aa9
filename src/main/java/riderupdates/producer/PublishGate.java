package riderupdates.producer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the route reloader swap the publishing routes between two batches, never as one enters them. Each
 * input's batch holds a pass from the moment it is taken until its input takes the next one (the input's one
 * thread has then handed it to the publishing route and sent it) or ends; a reload waits for those passes and
 * holds back the next batches until the new routes run. (Without it a batch can enter the old route just as
 * Camel stops it, and fail.) Batches already sent and waiting for Kafka's acknowledgement finish in the old
 * route: Camel stops a route only once its exchanges in flight are done. Camel's split closes the iterator
 * right after taking its last item, so the inputs end with an empty batch: the last real batch keeps its pass
 * until it is sent.
 */
public final class PublishGate {

    private static final Logger LOG = LoggerFactory.getLogger(PublishGate.class);
    /** More than the inputs that can publish at once (stdin, the inbox). */
    private static final int PASSES = 64;

    private final Semaphore passes = new Semaphore(PASSES, true);

    /** The input's batches, each holding a pass while it is published. */
    public <T> Iterator<T> guard(Iterator<T> batches) {
        return new Guarded<>(batches);
    }

    /** Runs the change once no batch is being published, or after the timeout anyway (with a warning). */
    public void whileClosed(long timeoutMillis, Runnable change) {
        boolean closed = false;
        try {
            closed = passes.tryAcquire(PASSES, timeoutMillis, TimeUnit.MILLISECONDS);
            if (!closed) {
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

    private final class Guarded<T> implements Iterator<T>, Closeable {
        private final Iterator<T> batches;
        private final AtomicBoolean holding = new AtomicBoolean();

        Guarded(Iterator<T> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return batches.hasNext();
        }

        @Override
        public T next() {
            // the previous batch is done: its pass goes back before waiting for more input
            release();
            T batch = batches.next();
            passes.acquireUninterruptibly();
            holding.set(true);
            return batch;
        }

        @Override
        public void close() throws IOException {
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
