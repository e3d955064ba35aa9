package riderupdates.cli;

import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import riderupdates.app.EndOfInput;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Reads \"rider location\" lines from stdin and publishes each to Kafka (routes/producer.camel.yaml).",
            "Ends when the input ends, after every record is acknowledged."})
public final class ProduceCommand extends KafkaCommand {

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        ensureTopic(bootstrap);
        EndOfInput input = EndOfInput.watchSystemIn();
        String prompt = interactivePrompt();
        try (RiderApplication app = startApplication(bootstrap, Set.of(Role.PRODUCER), List.of(), prompt, List.of())) {
            return awaitEndOfInput(input, app, prompt) ? 0 : 1;
        }
    }
}
