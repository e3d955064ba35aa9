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
        Path inbox = inbox();
        String prompt = interactivePrompt();
        // the routes start once admin has answered: no line of stdin, nor a dropped file, is read before the topics are there
        try (RiderApplication app = startApplication(bootstrap, producingRoles(inbox), List.of(), prompt, System.in)) {
            return inbox != null ? awaitStop(app) : awaitEndOfStdin(app, prompt) ? 0 : 1;
        }
    }
}
