package riderupdates.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import riderupdates.app.ShutdownSignal;

/** The {@code rider} command line: the original tutorial's terminals (broker, admin, producer, consumers, store) as commands. */
@Command(name = "rider",
        mixinStandardHelpOptions = true,
        versionProvider = RiderCommand.Version.class,
        description = {
            "Rider location updates (\"tony north\") through Apache Kafka, with Apache Camel.",
            "Without a command, runs 'run': broker, admin, stdin producer and consumers in one process."},
        footer = {"",
            "Examples:",
            "  printf 'tony south\\ntony north\\n' | rider run --group g1 --group g2",
            "  rider broker --data kafka-data   # terminal 1: a broker on localhost:9092",
            "  rider consume --group g1         # terminal 2",
            "  rider produce                    # terminal 3: type \"tony north\"",
            "  rider store --db-data rider-db   # terminal 4: latest positions in PostgreSQL",
            "",
            "run, admin, produce, consume and store take --brokers HOST:PORT,... for an existing",
            "cluster (else -D rider.brokers, then KAFKA_BROKERS, then RIDER_BROKERS); with",
            "none, 'run' starts an embedded broker and the others use localhost:9092.",
            "'rider COMMAND --help' describes a command's options."})
public final class RiderCommand {

    private static final List<String> TOP_LEVEL_OPTIONS = List.of("-h", "--help", "-V", "--version");
    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, BrokerCommand.class, AdminCommand.class,
            ProduceCommand.class, BenchCommand.class, ConsumeCommand.class, StoreCommand.class, CommandLine.HelpCommand.class);

    private final ShutdownSignal signal;

    public RiderCommand(ShutdownSignal signal) {
        this.signal = signal;
    }

    public ShutdownSignal signal() {
        return signal;
    }

    /** Runs one command line and returns its exit code; 'run' is the default command. */
    public static int execute(ShutdownSignal signal, String... args) {
        boolean defaultCommand = args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL_OPTIONS.contains(args[0]));
        String[] effective = defaultCommand ? Stream.concat(Stream.of("run"), Arrays.stream(args)).toArray(String[]::new) : args;
        CommandLine commandLine = commandLine(signal, effective[0]);
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            cmd.getErr().println("rider: " + messageOf(error));
            return 1;
        });
        return commandLine.execute(effective);
    }

    /**
     * The command line with the command of this name, or with every command when none has it (the help, the version, a
     * mistyped name). picocli builds each command's model by reflection as it is added: about a tenth of a second for
     * all of them, at every start.
     */
    static CommandLine commandLine(ShutdownSignal signal, String commandName) {
        CommandLine commandLine = new CommandLine(new RiderCommand(signal));
        Class<?> named = COMMANDS.stream().filter(command -> command != CommandLine.HelpCommand.class)
                .filter(command -> command.getAnnotation(Command.class).name().equals(commandName)).findFirst().orElse(null);
        for (Class<?> command : named != null ? List.of(named) : COMMANDS) {
            commandLine.addSubcommand(command);
        }
        return commandLine;
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.toString() : message;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RiderCommand.class.getPackage().getImplementationVersion();
            return new String[] {"rider-updates " + (version == null ? "(development build)" : version)};
        }
    }
}
