package riderupdates.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.producer.LineBatch;
import riderupdates.producer.PublishGate;

/**
 * Standard input as batches of lines, for the stdin route's streaming split. A reader thread reads the
 * input; each batch is every line already waiting, up to the batch size: one line when a person types, full
 * batches when a pipe delivers faster than Kafka takes them. So typing stays immediate and a pipe costs one
 * send per batch, not per line.
 *
 * <p>The reader thread, not the route, blocks in {@code read()}: stopping the application never waits for
 * input that may never come. On a stop, the batches already queued are still published; lines the reader
 * had not queued yet are left unread (and uncounted). The end of input is signalled once the route has
 * published every batch before it ({@link #allPublished}, {@link #awaitEnd}).
 */
public final class StdinLines {

    private static final Logger LOG = LoggerFactory.getLogger(StdinLines.class);
    public static final String SOURCE = "stdin";
    private static final LineBatch END = new LineBatch(SOURCE, 0, List.of());
    private static final long POLL_MILLIS = 100;

    private final InputStream in;
    private final int batchSize;
    private final String prompt;
    private final long promptDelayMillis;
    private final PrintStream promptOut;
    private final BooleanSupplier stopping;
    private final PublishGate gate;
    /** A few batches read ahead, no more: a fast pipe waits for Kafka instead of filling the heap. */
    private final BlockingQueue<LineBatch> batches = new ArrayBlockingQueue<>(4);
    private final AtomicBoolean reading = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Guards the hand-over of read batches to the queue against a stop: see {@link #stop()}. */
    private final Object handOver = new Object();
    private int handingOver; // guarded by handOver
    private volatile boolean stopRequested;
    private volatile boolean reachedEnd;
    private volatile String readError;

    /**
     * @param prompt            shown when the input has no line waiting (null for none), after
     * @param promptDelayMillis a typed line's consumer output usually arrives within this time: it then
     *                          shows before the next prompt
     * @param stopping          true once the application stops: no more waiting for input
     */
    public StdinLines(InputStream in, int batchSize, String prompt, long promptDelayMillis, PrintStream promptOut,
                      BooleanSupplier stopping, PublishGate gate) {
        this.in = in;
        this.batchSize = batchSize;
        this.prompt = prompt;
        this.promptDelayMillis = promptDelayMillis;
        this.promptOut = promptOut;
        this.stopping = stopping;
        this.gate = gate;
    }

    /** The batches of the input, until it ends or the application stops. Read once. */
    public Iterator<LineBatch> batches() {
        if (reading.compareAndSet(false, true)) {
            Thread reader = new Thread(this::read, "stdin-reader");
            reader.setDaemon(true); // blocked in read() when the application stops: never holds the JVM
            reader.start();
        }
        return gate.guard(new Batches());
    }

    /** True once the input ended and every line before the end was published or set aside. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Called by the route once every batch it took is published or set aside: if the input had ended, or was
     * ended early by {@link #stop()} (not when the application stopped), {@link #awaitEnd} returns.
     */
    public void allPublished() {
        if (reachedEnd) {
            ended.countDown();
        }
    }

    /**
     * Ctrl-C or SIGTERM: reading stops, and the input ends after the batches already read. Those are still
     * published, so {@link #awaitEnd} tells when every line read is published or set aside. A batch the reader
     * is handing over is waited for; it takes no new one.
     */
    public void stop() {
        synchronized (handOver) {
            stopRequested = true;
        }
    }

    /** Batches read and waiting to be taken. */
    int queuedBatches() {
        return batches.size();
    }

    /** Why reading stdin stopped before its end, if it did. */
    public Optional<String> readError() {
        return Optional.ofNullable(readError);
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long lineNumber = 1;
            boolean atEnd = false;
            while (!atEnd) {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                List<String> lines = new ArrayList<>();
                lines.add(line);
                // take what is already waiting; never wait for more (a typed line goes at once)
                while (lines.size() < batchSize && reader.ready()) {
                    line = reader.readLine();
                    if (line == null) {
                        atEnd = true;
                        break;
                    }
                    lines.add(line);
                }
                if (!handOver(new LineBatch(SOURCE, lineNumber, lines))) {
                    return; // stopped: lines read after the stop are not taken
                }
                lineNumber += lines.size();
            }
        } catch (IOException e) {
            readError = e.getMessage();
            LOG.error("Reading stdin failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            handOver(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a batch, waiting for room; false once stopped, when no batch is queued any more. */
    private boolean handOver(LineBatch batch) throws InterruptedException {
        synchronized (handOver) {
            if (stopRequested) {
                return false;
            }
            handingOver++;
        }
        try {
            batches.put(batch);
        } finally {
            synchronized (handOver) {
                handingOver--;
            }
        }
        return true;
    }

    /** After a stop: the batches already queued or being handed over, then null. */
    private LineBatch remaining() throws InterruptedException {
        while (true) {
            LineBatch batch = batches.poll();
            if (batch != null) {
                return batch;
            }
            synchronized (handOver) {
                if (handingOver == 0) {
                    return batches.poll();
                }
            }
            batch = batches.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (batch != null) {
                return batch;
            }
        }
    }

    /**
     * Camel's split asks {@code hasNext()} right after taking an item, to mark the last one: so that never
     * waits for input (a typed line would otherwise wait for the next one). {@code next()} waits instead, and
     * gives an empty batch when the input ends or the application stops.
     */
    private final class Batches implements Iterator<LineBatch> {
        private boolean finished;
        private long nextLine = 1;

        @Override
        public boolean hasNext() {
            return !finished;
        }

        @Override
        public LineBatch next() {
            if (finished) {
                throw new NoSuchElementException();
            }
            LineBatch batch = take();
            if (batch == null || batch == END) {
                finished = true;
                reachedEnd = batch == END || stopRequested;
                return new LineBatch(SOURCE, nextLine, List.of());
            }
            nextLine = batch.firstLine() + batch.lines().size();
            return batch;
        }

        /** The next batch; null when the application or the reading stops first. */
        private LineBatch take() {
            try {
                if (stopRequested) {
                    return remaining();
                }
                LineBatch batch = batches.poll();
                if (batch == null && prompt != null) {
                    batch = batches.poll(promptDelayMillis, TimeUnit.MILLISECONDS);
                    if (batch == null) {
                        promptOut.print(prompt);
                        promptOut.flush();
                    }
                }
                while (batch == null && !stopping.getAsBoolean() && !stopRequested) {
                    batch = batches.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
                return batch == null && stopRequested ? remaining() : batch;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
