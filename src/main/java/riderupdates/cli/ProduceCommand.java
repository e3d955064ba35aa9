package riderupdates.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import picocli.CommandLine.Command;
import riderupdates.admin.RiderTopics;
import riderupdates.app.ClassArchiveMark;
import riderupdates.app.RiderApplication;
import riderupdates.config.RiderSettings;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publishes the \"rider location\" lines of stdin to Kafka.",
            "Each line goes through routes/producer.camel.yaml; invalid lines go to the dead-letter topic. Without --inbox "
                + "it ends when the input ends, once every record is acknowledged; with --inbox DIR it also reads files "
                + "dropped into DIR, and runs until Ctrl-C."})
public final class ProduceCommand extends ProducingCommand {

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        Path inbox = inbox();
        String prompt = interactivePrompt();
        if (inbox != null) {
            // a dropped file may be picked up at once: the topics are there before the routes start
            ensureTopics(bootstrap);
            try (RiderApplication app = startApplication(bootstrap, producingRoles(inbox), List.of(), prompt, System.in)) {
                return awaitStop(app);
            }
        }
        // Admin checks the topics while Camel starts (both take a while): stdin is not read until the topics are
        // there, so no line is sent before; if admin fails, the command fails with its reason, as before
        RiderSettings settings = settings();
        CompletableFuture<Void> topics = CompletableFuture.runAsync(() -> RiderTopics.ensure(settings, bootstrap));
        RiderApplication started;
        try {
            started = startApplicationWhileAdminRuns(bootstrap, producingRoles(null), List.of(), prompt, new AfterTopics(System.in, topics));
        } catch (RuntimeException e) {
            awaitTopics(topics); // admin's failure, if it failed, is the one reported, as when admin ran first
            throw e;
        }
        try (RiderApplication app = started) {
            awaitTopics(topics);
            ClassArchiveMark.workStarted();
            return awaitEndOfStdin(app, prompt) ? 0 : 1;
        }
    }

    private static void awaitTopics(CompletableFuture<Void> topics) throws InterruptedException {
        try {
            topics.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        }
    }

    /** Standard input, read only once the topics are there. */
    static final class AfterTopics extends FilterInputStream {
        private final CompletableFuture<Void> topics;

        AfterTopics(InputStream in, CompletableFuture<Void> topics) {
            super(in);
            this.topics = topics;
        }

        @Override
        public int read() throws IOException {
            return topicsAreThere() ? super.read() : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return topicsAreThere() ? super.read(b, off, len) : -1;
        }

        @Override
        public int available() throws IOException {
            return topics.isDone() && !topics.isCompletedExceptionally() ? super.available() : 0;
        }

        /** False when admin failed: the command then stops with admin's reason, and reads none of this input. */
        private boolean topicsAreThere() throws IOException {
            try {
                topics.get();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while admin checked the topics", e);
            } catch (ExecutionException e) {
                return false;
            }
        }
    }
}
