package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import riderupdates.cli.ProduceCommand.AfterTopics;

class AfterTopicsTest {

    @Test
    void whenAdminFailedStdinReadsAsEndedAndIsNeverTouched() throws IOException {
        CompletableFuture<Void> topics = CompletableFuture.failedFuture(new IllegalStateException("no broker"));
        try (InputStream in = new AfterTopics(untouchable(), topics)) {
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[16], 0, 16));
            assertEquals(0, in.available());
        }
    }

    @Test
    void aReadWaitsForTheTopicsAndThenReadsTheInput() throws Exception {
        CompletableFuture<Void> topics = new CompletableFuture<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (InputStream in = new AfterTopics(new ByteArrayInputStream("tony north\n".getBytes(StandardCharsets.UTF_8)), topics)) {
            assertEquals(0, in.available(), "nothing is offered before the topics are there");
            Future<String> line = reader.submit(() -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Thread.sleep(200);
            assertFalse(line.isDone(), "the read waits for admin");
            topics.complete(null);
            assertEquals("tony north\n", line.get(5, TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    /** An input that fails the test if anything reads it. */
    private static InputStream untouchable() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("stdin was read although admin failed");
            }

            @Override
            public int available() {
                throw new AssertionError("stdin was asked although admin failed");
            }
        };
    }
}
