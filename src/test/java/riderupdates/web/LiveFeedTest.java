package riderupdates.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static riderupdates.web.WebTestSupport.position;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;
import riderupdates.config.RiderSettings;
import riderupdates.store.RiderPosition;
import riderupdates.web.WebTestSupport.WebApp;

/** The stream's guarantees that need a client misbehaving or a commit landing at the worst moment. */
class LiveFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChangeCommittedWhileTheSnapshotIsReadFollowsTheSnapshot() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the snapshot read sees the table as it was before the change
        LiveFeed feed = new LiveFeed(() -> {
            reading.countDown();
            waitFor(release);
            return "[{\"name\":\"tony\",\"location\":\"north\"}]";
        }, 64 * 1024, Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.get(WebAccess.STREAM_PATH).handler(feed::open);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            feed.start(vertx);
            try (SseClient stream = SseClient.open(http, "http://127.0.0.1:" + server.actualPort() + "/api/stream", Map.of())) {
                assertTrue(reading.await(10, TimeUnit.SECONDS));
                // committed (and reported) while the snapshot is being read
                feed.stored(List.of(position("tony", "south", 2, T)));
                release.countDown();
                SseClient.Event snapshot = stream.next(WAIT);
                assertEquals("snapshot", snapshot.name());
                assertTrue(snapshot.data().contains("north"));
                SseClient.Event change = stream.next(WAIT);
                assertNotNull(change, "the change committed during the snapshot was lost");
                assertEquals("position", change.name());
                assertTrue(change.data().contains("\"location\":\"south\""), change.data());
            }
        } finally {
            feed.stop();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWithBoundedMemoryWhileTheOthersGetEverything() throws Exception {
        WebTestSupport.clearTable();
        int bound = 128 * 1024;
        try (WebApp app = WebApp.start(RiderSettings.load(WebApp.settings(Map.of())), bound);
             SseClient reader = SseClient.open(http, app.base() + "/api/stream", Map.of(), false);
             Socket stuck = new Socket()) {
            // a client that asks for the stream and then never reads: a small receive window, nothing taken from it
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", app.view().port()));
            stuck.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            LiveFeed feed = app.view().liveFeed();
            await().atMost(WAIT).until(() -> feed.clients() == 2);
            Thread.sleep(200); // both snapshots written: what follows are position events only

            long heapBefore = usedHeapAfterGc();
            List<RiderPosition> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(position("rider " + i, i % 2 == 0 ? "north" : "south", i, T));
            }
            long sent = 0;
            long sentBytes = 0;
            // until the stuck client is dropped: its kernel buffers fill, then Vert.x's queue, then its bound here
            while (feed.dropped() == 0 && sentBytes < 512L * 1024 * 1024) {
                feed.stored(batch);
                sent += batch.size();
                sentBytes += batch.size() * 120L;
                if (sent % 500 == 0) {
                    // the reading client reads as fast as it can; it is only fed ~60 KB ahead of it
                    catchUp(reader, sent);
                }
            }
            assertEquals(1, feed.dropped(), "the stuck client was never dropped after " + sentBytes + " bytes");
            assertEquals(1, feed.clients());
            long heapAfter = usedHeapAfterGc();
            for (int i = 0; i < 50; i++) {
                feed.stored(batch);
                sent += batch.size();
                catchUp(reader, sent);
            }
            assertEquals(sent, reader.positions());
            assertEquals(1, feed.dropped(), "the reading client was dropped too");
            assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024,
                    "heap grew by " + (heapAfter - heapBefore) / 1024 + " KB while the stuck client was fed");
            // and the stuck client was disconnected: once its waiting bytes are read, its stream ends
            stuck.setSoTimeout(10_000);
            InputStream in = stuck.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            while (in.read(chunk) >= 0) {
                // drain what the kernel still held
            }
            System.out.printf("stuck client dropped after %,d positions (~%,d KB) sent; heap %,d KB -> %,d KB%n",
                    sent, sentBytes / 1024, heapBefore / 1024, heapAfter / 1024);
        }
    }

    /** Waits (briefly, without Awaitility's 100 ms poll) until the client has read that many positions. */
    private static void catchUp(SseClient reader, long positions) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reader.positions() < positions) {
            assertTrue(System.nanoTime() < deadline, "the reading client got " + reader.positions() + " of " + positions);
            Thread.sleep(0, 200_000);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
