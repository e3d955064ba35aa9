package riderupdates.cli;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import riderupdates.app.ClassArchiveMark;
import riderupdates.bench.RiderBenchmark;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the routes against the plain Kafka clients; prints a table.",
            "On an embedded broker: ingest (raw producer, stdin route, file-drop route), reading back (raw consumer, "
                + "consumer route), typed-line latency, the memory of a 'produce' process; then whole processes as a user "
                + "runs them: bin/rider produce and consume against Kafka's console producer and consumer, and the time "
                + "to the prompt of produce and run. See BENCHMARKS.md."})
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    private RiderCommand parent;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Lines per measurement (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Measured rounds; each figure is their median (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000000",
            description = "Lines per measurement in the warm-up round, not counted (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--latency-lines", paramLabel = "N", defaultValue = "1000",
            description = "Lines typed one at a time for the latency figures (default: ${DEFAULT-VALUE}).")
    int latencyLines;

    @Option(names = "--no-memory", description = "Skip the memory measurement (a separate process).")
    boolean noMemory;

    @Option(names = "--no-processes",
            description = "Skip the whole-process rows (bin/rider produce and consume, prompts, Kafka's console tools).")
    boolean noProcesses;

    @Option(names = "--no-store",
            description = "Skip the store's rows (the store route and a plain loop into the embedded PostgreSQL).")
    boolean noStore;

    @Option(names = "--routes", paramLabel = "DIR", description = "Route files to measure (default: routes/ next to bin/rider).")
    Path routes;

    @Override
    public Integer call() throws Exception {
        // the table goes to stdout; of the log, only warnings and errors
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
        RiderBenchmark.Plan plan = new RiderBenchmark.Plan(records, rounds, warmup, latencyLines, !noMemory, !noProcesses, !noStore, routes);
        try {
            new RiderBenchmark(plan, System.out, parent.signal()::raised).run();
            ClassArchiveMark.workStarted();
        } catch (CancellationException e) {
            System.err.println("rider: bench stopped; no table");
            return 130;
        }
        return 0;
    }
}
