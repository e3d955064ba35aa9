package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches in flight per input, and reloads only when none is handed over or in flight. */
class PublishGateTest {

    private final CamelContext context = new DefaultCamelContext();
    private final PublishGate gate = new PublishGate(2);

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void anInputWaitsWhileItsLimitOfBatchesIsInFlightAndGoesOnWhenOneIsDone() throws Exception {
        Exchange first = batch("stdin-to-kafka");
        Exchange second = batch("stdin-to-kafka");
        gate.enter(first);
        gate.enter(second);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> enter(batch("stdin-to-kafka")));
        // another input has its own limit
        gate.enter(batch("file-drop-to-kafka"));
        Thread.sleep(200);
        assertFalse(third.isDone(), "a third batch went in flight");

        done(first, true);
        third.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aFailedBatchLeavesTheFlightToo() throws Exception {
        Exchange first = batch("stdin-to-kafka");
        gate.enter(first);
        gate.enter(batch("stdin-to-kafka"));
        done(first, false);
        CompletableFuture.runAsync(() -> enter(batch("stdin-to-kafka"))).get(2, TimeUnit.SECONDS);
    }

    @Test
    void landingAndReloadingWaitUntilNoBatchIsInFlight() throws Exception {
        Exchange inFlight = batch("file-drop-to-kafka");
        gate.enter(inFlight);
        CompletableFuture<Void> landed = CompletableFuture.runAsync(() -> {
            try {
                gate.awaitLanded(batch("file-drop-to-kafka"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicBoolean reloaded = new AtomicBoolean();
        CompletableFuture<Void> reload = CompletableFuture.runAsync(() -> gate.whileClosed(5000, () -> reloaded.set(true)));
        Thread.sleep(200);
        assertFalse(landed.isDone(), "landed with a batch in flight");
        assertFalse(reloaded.get(), "reloaded with a batch in flight");

        done(inFlight, true);
        landed.get(2, TimeUnit.SECONDS);
        reload.get(2, TimeUnit.SECONDS);
        assertTrue(reloaded.get());
    }

    @Test
    void aReloadWaitsForTheBatchBeingHandedOverAndHoldsTheNextBack() throws Exception {
        var batches = gate.guard(java.util.List.of("one", "two").iterator());
        assertEquals("one", batches.next()); // taken: holds a pass until the next is taken
        AtomicBoolean reloaded = new AtomicBoolean();
        CompletableFuture<Void> reload = CompletableFuture.runAsync(() -> gate.whileClosed(5000, () -> reloaded.set(true)));
        Thread.sleep(200);
        assertFalse(reloaded.get(), "reloaded while a batch was being handed over");
        CompletableFuture<String> next = CompletableFuture.supplyAsync(batches::next);
        reload.get(2, TimeUnit.SECONDS);
        assertEquals("two", next.get(2, TimeUnit.SECONDS));
        assertTrue(reloaded.get());
    }

    private Exchange batch(String inputRouteId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromRouteId(inputRouteId);
        return exchange;
    }

    private void enter(Exchange exchange) {
        try {
            gate.enter(exchange);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Camel does when the batch's exchange is done: its on-completions run. */
    private static void done(Exchange exchange, boolean ok) {
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> {
            if (ok) {
                s.onComplete(exchange);
            } else {
                s.onFailure(exchange);
            }
        });
    }
}
