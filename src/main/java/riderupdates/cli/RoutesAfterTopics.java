package riderupdates.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import riderupdates.admin.TopicAdmin;

/**
 * Holds the start of the routes until admin has answered. camel-main loads and builds the routes first (a few
 * hundred milliseconds), then calls {@link #beforeStart}: admin runs alongside that work instead of before it, and
 * still no route consumes, reads an input or publishes before the topics are laid out (a consumer that subscribed
 * first would have the broker auto-create the topic with its own partition count).
 */
final class RoutesAfterTopics extends MainListenerSupport {

    private final CompletableFuture<TopicAdmin.Outcome> topics;

    RoutesAfterTopics(CompletableFuture<TopicAdmin.Outcome> topics) {
        this.topics = topics;
    }

    /** Waits for admin; admin's failure stops the start, and reaches the command as admin threw it. */
    @Override
    public void beforeStart(BaseMainSupport main) {
        await(topics);
    }

    /** Admin's outcome, or its own exception. */
    static TopicAdmin.Outcome await(CompletableFuture<TopicAdmin.Outcome> topics) {
        try {
            return topics.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while admin checked the topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        }
    }
}
