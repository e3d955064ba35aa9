package riderupdates.input;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import riderupdates.producer.LineBatch;
import riderupdates.producer.PublishGate;

/** How stdin becomes batches: a typed line at once, a pipe in full batches, the end signalled after the last. */
class StdinLinesTest {

    private final InputPipe input = new InputPipe();
    private final ByteArrayOutputStream prompts = new ByteArrayOutputStream();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StdinLines stdin(int batchSize, String prompt) {
        return new StdinLines(input, batchSize, prompt, 50, new PrintStream(prompts, true, StandardCharsets.UTF_8),
                stopping::get, new PublishGate(4));
    }

    @Test
    void aTypedLineComesAloneAndAtOnceWithoutWaitingForTheNext() {
        Iterator<LineBatch> batches = stdin(1000, null).batches();
        input.write("tony north\n");
        LineBatch first = assertTimeoutPreemptively(Duration.ofSeconds(2), batches::next);
        assertEquals(List.of("tony north"), first.lines());
        // Camel's split asks whether there is more right away: that must not wait for the next line
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(2), batches::hasNext));
        input.write("asha south\n");
        LineBatch second = assertTimeoutPreemptively(Duration.ofSeconds(2), batches::next);
        assertEquals(new LineBatch("stdin", 2, List.of("asha south")), second);
    }

    @Test
    void thePromptShowsOnlyWhileNoLineWaits() throws Exception {
        Iterator<LineBatch> batches = stdin(1000, "> ").batches();
        input.write("tony north\n");
        batches.next();
        assertEquals("", prompts.toString(StandardCharsets.UTF_8), "a line was waiting: no prompt");
        CompletableFuture<LineBatch> next = CompletableFuture.supplyAsync(batches::next);
        await().atMost(Duration.ofSeconds(2)).until(() -> prompts.toString(StandardCharsets.UTF_8).equals("> "));
        input.write("asha south\n");
        assertEquals(List.of("asha south"), next.get(2, TimeUnit.SECONDS).lines());
    }

    @Test
    void pipedLinesComeInFullBatchesInOrderAndTheEndIsSignalledAfterTheLast() throws InterruptedException {
        StdinLines stdin = stdin(1000, null);
        Iterator<LineBatch> batches = stdin.batches();
        List<String> lines = IntStream.range(0, 2500).mapToObj(i -> "r" + i + " north").toList();
        input.write(String.join("\n", lines) + "\n");
        input.end();
        List<String> read = new ArrayList<>();
        long expectedFirst = 1;
        while (batches.hasNext()) {
            LineBatch batch = batches.next();
            assertTrue(batch.lines().size() <= 1000, "batch of " + batch.lines().size());
            assertEquals(expectedFirst, batch.firstLine());
            expectedFirst += batch.lines().size();
            read.addAll(batch.lines());
        }
        assertEquals(lines, read);
        assertFalse(batches.hasNext());
        // the end is signalled once the route says every batch it took was published
        assertFalse(stdin.awaitEnd(Duration.ofMillis(50)));
        stdin.allPublished();
        assertTrue(stdin.awaitEnd(Duration.ofSeconds(1)));
    }

    @Test
    void stoppingTheApplicationEndsTheBatchesWithoutInput() throws InterruptedException {
        StdinLines stdin = stdin(1000, null);
        Iterator<LineBatch> batches = stdin.batches();
        stopping.set(true);
        LineBatch last = assertTimeoutPreemptively(Duration.ofSeconds(2), batches::next);
        assertTrue(last.lines().isEmpty());
        assertFalse(batches.hasNext());
        stdin.allPublished();
        assertFalse(stdin.awaitEnd(Duration.ofMillis(50)), "a stop is not the input's end");
    }

    @Test
    void aStopEndsTheInputAfterTheBatchesAlreadyRead() throws InterruptedException {
        StdinLines stdin = stdin(10, null);
        Iterator<LineBatch> batches = stdin.batches();
        // a pipe that never ends: more lines than the queue holds, so the reader waits to hand one over
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "r" + i + " north").toList();
        input.write(String.join("\n", lines) + "\n");
        List<String> read = new ArrayList<>(batches.next().lines());
        await().atMost(Duration.ofSeconds(2)).until(() -> stdin.queuedBatches() == 4);

        stdin.stop();
        LineBatch batch;
        while (!(batch = assertTimeoutPreemptively(Duration.ofSeconds(2), batches::next)).lines().isEmpty()) {
            read.addAll(batch.lines());
        }
        // the queued batches and the one being handed over come, in order; nothing read after the stop
        assertEquals(lines.subList(0, read.size()), read);
        assertTrue(read.size() >= 41 && read.size() <= 70, read.size() + " lines");
        assertFalse(batches.hasNext());
        stdin.allPublished();
        assertTrue(stdin.awaitEnd(Duration.ofSeconds(1)), "after a stop, the end comes once the lines read landed");
    }
}
