package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import riderupdates.app.ShutdownSignal;

/** What --help tells, as picocli prints it for bin/rider. */
class CommandHelpTest {

    private final CommandLine rider = RiderCommand.commandLine(ShutdownSignal.none(), null);

    @Test
    void theCommandListShowsEachCommandsWholeSummary() {
        String help = rider.getUsageMessage(Ansi.OFF);
        for (Map.Entry<String, CommandLine> command : rider.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue; // picocli's own
            }
            String summary = command.getValue().getCommandSpec().usageMessage().description()[0];
            assertTrue(summary.endsWith("."), command.getKey() + "'s summary is not a whole sentence: " + summary);
            assertTrue(help.contains("  " + command.getKey() + " ") && help.contains(summary),
                    command.getKey() + "'s summary is cut or wrapped in:\n" + help);
        }
    }

    @Test
    void theTopLevelHelpSaysHowToNameACluster() {
        String help = rider.getUsageMessage(Ansi.OFF);
        for (String named : List.of("--brokers", "KAFKA_BROKERS", "localhost:9092", "embedded broker")) {
            assertTrue(help.contains(named), "missing " + named + " in:\n" + help);
        }
    }

    @Test
    void eachCommandOffersItsOwnOptionsAndOnlyThose() {
        assertOffers("broker", List.of("--port", "--data", "--nodes"), List.of("--brokers", "--routes"));
        assertOffers("consume", List.of("--group", "--brokers", "--routes", "--watch", "--observe"), List.of("--progress", "--inbox"));
        assertOffers("admin", List.of("--brokers", "--grow", "-D"), List.of("--watch", "--routes", "--observe", "--progress"));
        assertOffers("run", List.of("--brokers", "--group", "--drain-timeout", "--inbox", "--routes", "--watch", "--observe", "--progress"),
                List.of());
        assertOffers("produce", List.of("--brokers", "--inbox", "--routes", "--watch", "--observe", "--progress"), List.of("--group"));
    }

    @Test
    void aCommandRunsWithItsOwnModelOnly() {
        CommandLine produce = RiderCommand.commandLine(ShutdownSignal.none(), "produce");
        assertEquals(List.of("produce"), List.copyOf(produce.getSubcommands().keySet()));
        assertEquals(rider.getSubcommands().get("produce").getUsageMessage(Ansi.OFF), produce.getSubcommands().get("produce").getUsageMessage(Ansi.OFF));
        assertEquals(rider.getSubcommands().keySet(), RiderCommand.commandLine(ShutdownSignal.none(), "prodcue").getSubcommands().keySet());
    }

    private void assertOffers(String command, List<String> offered, List<String> absent) {
        String help = rider.getSubcommands().get(command).getUsageMessage(Ansi.OFF);
        offered.forEach(option -> assertTrue(help.contains(option), command + " --help lacks " + option + ":\n" + help));
        absent.forEach(option -> assertFalse(help.contains(option + " ") || help.contains(option + "="),
                command + " --help offers " + option + ", which does nothing there:\n" + help));
    }
}
