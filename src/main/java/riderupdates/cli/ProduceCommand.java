package riderupdates.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Command;
import riderupdates.app.RiderApplication;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Reads \"rider location\" lines from stdin (and files dropped into --inbox DIR) and publishes",
            "each to Kafka (routes/producer.camel.yaml). Without --inbox it ends when the input ends, after every",
            "record is acknowledged; invalid lines go to the dead-letter topic."})
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
