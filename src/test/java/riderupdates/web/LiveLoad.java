package riderupdates.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import riderupdates.store.RiderPosition;
import riderupdates.web.WebTestSupport.WebApp;

/**
 * The live stream under load (a measurement, not a test): CLIENTS stream clients while UPDATES_PER_SECOND positions
 * are stored for SECONDS, each batch upserted into the embedded PostgreSQL and committed, then handed to the feed
 * as the store route does. Prints whether every client received every change, and the heap before and after.
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat target/test.classpath) riderupdates.web.LiveLoad [200 10000 10 [--feed-only]]
 * </pre>
 * The clients are plain sockets in this JVM that count the {@code event: position} lines they read.
 */
public final class LiveLoad {

    private static final byte[] POSITION = "event: position\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT = "event: snapshot\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RIDERS = 10_000;
    private static final int BATCHES_PER_SECOND = 50;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean writeTable = !(args.length > 3 && args[3].equals("--feed-only"));
        int batchSize = Math.max(1, perSecond / BATCHES_PER_SECOND);
        String[] regions = {"north", "south", "east", "west"};

        WebTestSupport.clearTable();
        List<RiderPosition> initial = new ArrayList<>();
        Instant t0 = Instant.now();
        for (int i = 0; i < RIDERS; i++) {
            initial.add(WebTestSupport.position("rider " + i, regions[i % 4], i, t0));
        }
        WebTestSupport.store(initial);

        try (WebApp app = WebApp.start(Map.of())) {
            LiveFeed feed = app.view().liveFeed();
            List<Counter> counters = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                counters.add(Counter.open(app.view().port()));
            }
            long waitUntil = System.nanoTime() + 60_000_000_000L;
            while (counters.stream().anyMatch(c -> c.snapshots.get() == 0) && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            long snapshotsIn = counters.stream().filter(c -> c.snapshots.get() > 0).count();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = usedAfterGc(memory);

            long sent = 0;
            long storeNanos = 0;
            long feedNanos = 0;
            long peak = 0;
            long offset = RIDERS;
            long start = System.nanoTime();
            long intervalNanos = 1_000_000_000L / BATCHES_PER_SECOND;
            for (long batchNo = 0; batchNo < (long) seconds * BATCHES_PER_SECOND; batchNo++) {
                long due = start + batchNo * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.sleep(0, 200_000);
                }
                List<RiderPosition> batch = new ArrayList<>(batchSize);
                Instant now = Instant.now();
                for (int i = 0; i < batchSize; i++) {
                    long n = sent + i;
                    batch.add(WebTestSupport.position("rider " + (n % RIDERS), regions[(int) ((n / RIDERS + n) % 4)], ++offset, now));
                }
                long before = System.nanoTime();
                if (writeTable) {
                    WebTestSupport.store(batch);
                }
                long stored = System.nanoTime();
                feed.stored(batch);
                storeNanos += stored - before;
                feedNanos += System.nanoTime() - stored;
                sent += batchSize;
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long total = sent;
            long drainUntil = System.nanoTime() + 60_000_000_000L;
            while (counters.stream().anyMatch(c -> c.positions.get() < total && !c.ended) && System.nanoTime() < drainUntil) {
                Thread.sleep(50);
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            }
            double drained = (System.nanoTime() - start) / 1e9;
            long heapAfter = usedAfterGc(memory);
            long complete = counters.stream().filter(c -> c.positions.get() == total).count();
            long least = counters.stream().mapToLong(c -> c.positions.get()).min().orElse(0);
            long most = counters.stream().mapToLong(c -> c.positions.get()).max().orElse(0);

            System.out.printf("clients:                 %d (%d got their snapshot of %,d riders)%n", clients, snapshotsIn, RIDERS);
            System.out.printf("updates stored and sent: %,d in %.1f s = %,.0f/s (batches of %d, %s)%n",
                    total, elapsed, total / elapsed, batchSize,
                    writeTable ? "each upserted and committed to PostgreSQL first" : "the table not written");
            System.out.printf("time in the table writes %.1f s, in feed.stored() %.2f s (%.0f µs a batch)%n",
                    storeNanos / 1e9, feedNanos / 1e9, feedNanos / 1e3 / (total / batchSize));
            System.out.printf("every client got every change: %s (%d of %d clients got all %,d; least %,d, most %,d; dropped %d)%n",
                    complete == clients ? "yes" : "no", complete, clients, total, least, most, feed.dropped());
            System.out.printf("last client done:        %.1f s after the first update%n", drained);
            System.out.printf("heap used (after GC):    %,d MB before, %,d MB after; peak seen %,d MB; max %,d MB%n",
                    heapBefore >> 20, heapAfter >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
            counters.forEach(Counter::close);
        }
        System.exit(0);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** One stream client: a socket and a thread counting the events it reads (no parsing beyond that). */
    private static final class Counter {

        final AtomicLong positions = new AtomicLong();
        final AtomicLong snapshots = new AtomicLong();
        private final Socket socket;
        volatile boolean ended;

        private Counter(Socket socket) {
            this.socket = socket;
        }

        static Counter open(int port) throws Exception {
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Counter counter = new Counter(socket);
            Thread reader = new Thread(counter::read, "load-client");
            reader.setDaemon(true);
            reader.start();
            return counter;
        }

        private void read() {
            byte[] buffer = new byte[64 * 1024];
            int positionMatched = 0;
            int snapshotMatched = 0;
            boolean inSnapshot = false;
            byte previous = 0;
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        positionMatched = b == POSITION[positionMatched] ? positionMatched + 1 : (b == POSITION[0] ? 1 : 0);
                        if (positionMatched == POSITION.length) {
                            positions.incrementAndGet();
                            positionMatched = 0;
                        }
                        if (inSnapshot) {
                            // the snapshot counts once it has arrived whole: its blank line
                            if (b == '\n' && previous == '\n') {
                                inSnapshot = false;
                                snapshots.incrementAndGet();
                            }
                        } else {
                            snapshotMatched = b == SNAPSHOT[snapshotMatched] ? snapshotMatched + 1 : (b == SNAPSHOT[0] ? 1 : 0);
                            if (snapshotMatched == SNAPSHOT.length) {
                                inSnapshot = true;
                                snapshotMatched = 0;
                            }
                        }
                        previous = b;
                    }
                }
            } catch (Exception e) {
                // closed
            } finally {
                ended = true;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
