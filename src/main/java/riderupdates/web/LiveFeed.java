package riderupdates.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.store.RiderPosition;
import riderupdates.store.StoredPositionsListener;

/**
 * The live stream, {@code GET /api/stream}: Server-Sent Events written straight to each client's Vert.x response
 * (not through a Camel exchange, whose streamed bodies CAMEL-23804 held back in 16 KB chunks).
 *
 * <p>A client gets {@code retry:} and a {@code :} comment at once, then {@code event: snapshot} with every stored
 * rider, then {@code event: position} per changed row, and a {@code :} keep-alive comment while nothing changes.
 * The client is subscribed <em>before</em> the snapshot is read: a change committed while the snapshot is read is
 * queued for it and follows the snapshot (at worst a row the snapshot already holds comes once more, which the
 * page applies as a no-op). Nothing goes out before the snapshot.
 *
 * <p>{@link #stored} is called on the store route's thread after each commit: it encodes the batch once and only
 * appends it to each client's queue; each client's queue is written on its connection's event loop, as much as
 * is waiting in one write. A client whose queue would pass {@code clientBufferBytes} (it does not read, so Vert.x
 * stopped taking its writes) is disconnected and forgotten: memory per client is bounded, and a slow client never
 * slows the store nor the other clients. Its browser reconnects by itself and starts again from a snapshot.
 */
public final class LiveFeed implements StoredPositionsListener {

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    /** How long a browser waits before reconnecting, sent as the stream's {@code retry:} */
    static final int RETRY_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final String OPENING = "retry: " + RETRY_MILLIS + "\n: riders live\n\n";

    private final Supplier<String> snapshot;
    private final int clientBufferBytes;
    private final Duration keepAlive;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    /** The event loops the clients' connections run on (a few), each draining its clients in one task */
    private final Map<Context, Loop> loops = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Vertx vertx;
    private volatile long keepAliveTimer = -1;
    /** Subscribed clients waiting for a snapshot; guarded by itself, as is {@code reading} */
    private final List<Client> waiting = new ArrayList<>();
    private boolean reading;

    /**
     * @param snapshot the JSON array of every stored rider, as {@code GET /api/riders} answers; called on a worker
     *                 thread for each new client
     */
    public LiveFeed(Supplier<String> snapshot, int clientBufferBytes, Duration keepAlive) {
        if (clientBufferBytes < 1024) {
            throw new IllegalArgumentException("A client's buffer must hold at least 1024 bytes, not " + clientBufferBytes);
        }
        this.snapshot = snapshot;
        this.clientBufferBytes = clientBufferBytes;
        this.keepAlive = keepAlive;
    }

    /** Starts the keep-alive comments on the server's Vert.x. */
    void start(Vertx vertx) {
        this.vertx = vertx;
        keepAliveTimer = vertx.setPeriodic(Math.max(1, keepAlive.toMillis()), id -> clients.forEach(c -> c.offer(KEEP_ALIVE)));
    }

    /** Disconnects every client and stops the keep-alive comments. */
    void stop() {
        Vertx v = vertx;
        if (v != null && keepAliveTimer >= 0) {
            v.cancelTimer(keepAliveTimer);
        }
        clients.forEach(Client::close);
        clients.clear();
    }

    /** The Vert.x handler of {@code GET /api/stream}. */
    void open(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        // the status line and headers go now: the browser shows the stream as open before the snapshot is read
        response.write(OPENING);
        Client client = new Client(response, loops.computeIfAbsent(Vertx.currentContext(), Loop::new));
        // subscribed first, then the snapshot is read: nothing committed in between is missed
        clients.add(client);
        response.closeHandler(v -> forget(client));
        response.exceptionHandler(e -> forget(client));
        requestSnapshot(client);
    }

    /**
     * Queues the client for the next snapshot read. One worker reads the table for every client waiting at that
     * moment (all subscribed before the read began), so 200 browsers reconnecting at once cost one or two reads.
     */
    private void requestSnapshot(Client client) {
        synchronized (waiting) {
            waiting.add(client);
            if (reading) {
                return;
            }
            reading = true;
        }
        vertx.executeBlocking(() -> {
            readSnapshots();
            return null;
        }, false);
    }

    private void readSnapshots() {
        while (true) {
            List<Client> batch;
            synchronized (waiting) {
                if (waiting.isEmpty()) {
                    reading = false;
                    return;
                }
                batch = new ArrayList<>(waiting);
                waiting.clear();
            }
            Buffer event;
            try {
                // one buffer for all: Vert.x writes a duplicate of it to each response
                event = Buffer.buffer("event: snapshot\ndata: " + snapshot.get() + "\n\n");
            } catch (RuntimeException e) {
                LOG.warn("The live stream's snapshot could not be read, {} client(s) disconnected to retry: {}",
                        batch.size(), e.getMessage(), e);
                batch.forEach(Client::close);
                continue;
            }
            for (Client client : batch) {
                client.loop.context.runOnContext(v -> client.snapshotRead(event));
            }
        }
    }

    @Override
    public void stored(List<RiderPosition> changed) {
        if (changed.isEmpty() || clients.isEmpty()) {
            return;
        }
        StringBuilder events = new StringBuilder(changed.size() * 128);
        for (RiderPosition position : changed) {
            events.append("event: position\ndata: ").append(RiderJson.position(position)).append("\n\n");
        }
        byte[] bytes = events.toString().getBytes(StandardCharsets.UTF_8);
        for (Client client : clients) {
            client.offer(bytes);
        }
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** Clients disconnected so far because they did not read. */
    public long dropped() {
        return dropped.get();
    }

    private void forget(Client client) {
        clients.remove(client);
    }

    /**
     * One event loop's clients with something to write: one task on the loop writes them all, instead of one task
     * (and one wake-up of the loop) per client per batch.
     */
    private static final class Loop {

        private final Context context;
        private final ConcurrentLinkedQueue<Client> due = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Loop(Context context) {
            this.context = context;
        }

        void schedule(Client client) {
            due.add(client);
            if (scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> run());
            }
        }

        private void run() {
            // cleared before polling: a client added after this is either polled below or schedules a new run
            scheduled.set(false);
            for (Client client; (client = due.poll()) != null; ) {
                client.drain();
            }
        }
    }

    /** One connection: its queue of encoded events, written on its event loop. */
    private final class Client {

        private final HttpServerResponse response;
        private final Loop loop;
        private final Context context;
        /** guarded by this */
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queuedBytes;
        private boolean snapshotSent;
        private boolean drainScheduled;
        private boolean closed;

        Client(HttpServerResponse response, Loop loop) {
            this.response = response;
            this.loop = loop;
            this.context = loop.context;
        }

        /** Any thread: queues the bytes, or drops this client when they would pass its bound. */
        void offer(byte[] bytes) {
            boolean drop = false;
            boolean schedule = false;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queuedBytes + bytes.length > clientBufferBytes) {
                    closed = true;
                    queue.clear();
                    queuedBytes = 0;
                    drop = true;
                } else {
                    queue.add(bytes);
                    queuedBytes += bytes.length;
                    schedule = snapshotSent && !drainScheduled;
                    drainScheduled |= schedule;
                }
            }
            if (drop) {
                drop();
            } else if (schedule) {
                loop.schedule(this);
            }
        }

        /** Event loop: the snapshot first, then whatever was queued meanwhile. */
        void snapshotRead(Buffer event) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            response.write(event);
            synchronized (this) {
                snapshotSent = true;
                drainScheduled = true;
            }
            drain();
        }

        /** Event loop: writes everything queued in one write, or waits for Vert.x to take more. */
        private void drain() {
            if (response.closed()) {
                forget(this);
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> drain());
                return;
            }
            Buffer out;
            synchronized (this) {
                if (closed) {
                    return;
                }
                drainScheduled = false;
                if (queue.isEmpty()) {
                    return;
                }
                out = Buffer.buffer((int) queuedBytes);
                for (byte[] bytes; (bytes = queue.poll()) != null; ) {
                    out.appendBytes(bytes);
                }
                queuedBytes = 0;
            }
            response.write(out);
        }

        private void drop() {
            forget(this);
            dropped.incrementAndGet();
            LOG.info("A live stream client stopped reading: disconnected after {} bytes were waiting for it", clientBufferBytes);
            context.runOnContext(v -> response.close());
        }

        void close() {
            synchronized (this) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
            context.runOnContext(v -> {
                if (!response.closed()) {
                    response.close();
                }
            });
        }
    }
}
