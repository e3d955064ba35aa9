package riderupdates.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Command;
import riderupdates.app.RiderApplication;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publishes the \"rider location\" lines of stdin to Kafka.",
            "Each line goes through routes/producer.camel.yaml; invalid lines go to the dead-letter topic. Without --inbox "
                + "it ends when the input ends, once every record is acknowledged; with --inbox DIR it also reads files "
                + "dropped into DIR, and runs until Ctrl-C."})
public final class ProduceCommand extends ProducingCommand {

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        ensureTopics(bootstrap);
        Path inbox = inbox();
        String prompt = interactivePrompt();
        try (RiderApplication app = startApplication(bootstrap, producingRoles(inbox), List.of(), prompt)) {
            if (inbox != null) {
                return awaitStop(app);
            }
            return awaitEndOfStdin(app, prompt) ? 0 : 1;
        }
    }
}
