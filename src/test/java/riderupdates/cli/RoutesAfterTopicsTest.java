package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import riderupdates.admin.TopicAdmin;
import riderupdates.admin.TopicLayoutException;

class RoutesAfterTopicsTest {

    @Test
    void theRoutesWaitForAdminToAnswer() throws Exception {
        CompletableFuture<TopicAdmin.Outcome> topics = new CompletableFuture<>();
        ExecutorService camel = Executors.newSingleThreadExecutor();
        try {
            Future<?> start = camel.submit(() -> new RoutesAfterTopics(topics).beforeStart(null));
            Thread.sleep(200);
            assertFalse(start.isDone(), "the routes started before admin answered");
            topics.complete(TopicAdmin.Outcome.CREATED);
            start.get(5, TimeUnit.SECONDS);
        } finally {
            camel.shutdownNow();
        }
    }

    @Test
    void adminsFailureStopsTheStartAsAdminThrewIt() {
        TopicLayoutException failure = new TopicLayoutException("Topic 'rider-updates' has 1 partitions; the region map needs 2");
        RoutesAfterTopics listener = new RoutesAfterTopics(CompletableFuture.failedFuture(failure));
        assertSame(failure, assertThrows(TopicLayoutException.class, () -> listener.beforeStart(null)));
    }

    @Test
    void anAnswerIsAdminsOutcome() {
        assertEquals(TopicAdmin.Outcome.EXISTS, RoutesAfterTopics.await(CompletableFuture.completedFuture(TopicAdmin.Outcome.EXISTS)));
    }
}
