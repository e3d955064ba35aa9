package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/rider bench} runs every measurement end to end and prints its table. A smoke run on a few lines:
 * it asserts that each figure was measured (every line published and read back), never how fast.
 */
class BenchCommandIT {

    private static final Pattern RATE = Pattern.compile("\\| [\\d,]+ \\([\\d,]+-[\\d,]+\\) /s");
    /** wall seconds, then peak RSS in MB, each a median with its spread */
    private static final Pattern PROCESS = Pattern.compile("\\| [\\d.]+ \\([\\d.]+-[\\d.]+\\) +\\| \\d+ \\(\\d+-\\d+\\) +\\|");
    private static final Pattern RATIOS = Pattern.compile("\\| [\\d.]+x \\([\\d.]+x-[\\d.]+x\\) +\\| [\\d.]+x \\([\\d.]+x-[\\d.]+x\\) +\\|$");
    private static final Pattern SECONDS = Pattern.compile("\\| [\\d.]+ \\([\\d.]+-[\\d.]+\\) +\\|");

    @Test
    void aSmallBenchRunMeasuresEveryFigureAndPrintsTheTable() throws Exception {
        try (RiderProcess bench = RiderProcess.start("bench", "--records", "3000", "--rounds", "2", "--warmup", "1000",
                "--latency-lines", "20")) {
            assertEquals(0, bench.awaitExit(Duration.ofMinutes(10)), bench.stderr());
            String table = String.join("\n", bench.stdout());
            for (String row : List.of("raw KafkaProducer", "stdin route", "file-drop route", "raw KafkaConsumer", "consumer route",
                    "plain store loop", "store route")) {
                String line = row(bench, row);
                assertTrue(RATE.matcher(line).find(), row + " has no rate:\n" + table);
            }
            // two rounds: each ratio is the median of the rounds' ratios, with their spread
            assertTrue(table.matches("(?s).*\\| stdin route .*\\| \\d+\\.\\d\\dx \\(\\d+\\.\\d\\dx-\\d+\\.\\d\\dx\\) .*"),
                    "route/raw ratios:\n" + table);
            assertTrue(table.matches("(?s).*p99 +\\| [\\d.]+ \\([\\d.]+-[\\d.]+\\) ms.*"), "latency:\n" + table);
            // measured once, after the rounds: a figure without a spread
            assertTrue(table.matches("(?s).*row committed, p99 +\\| [\\d.]+ ms.*"), "store latency:\n" + table);
            assertTrue(table.matches("(?s).*\\| store route .*\\| \\d+\\.\\d\\dx \\(\\d+\\.\\d\\dx-\\d+\\.\\d\\dx\\) .*"),
                    "store route/loop ratio:\n" + table);
            assertTrue(table.matches("(?s).*, stdin +\\| heap peak \\d+ MB.*RSS peak \\d+ MB.*"), "memory:\n" + table);
            assertTrue(table.matches("(?s).*, dropped file +\\| heap peak \\d+ MB.*RSS peak \\d+ MB.*"), "memory:\n" + table);
            // whole processes: every command and its Kafka counterpart measured, each of the rider rows with its ratios
            for (String row : List.of("bin/rider produce < file", "ConsoleProducer acks=all", "bin/rider consume", "ConsoleConsumer")) {
                String line = row(bench, row);
                assertTrue(PROCESS.matcher(line).find(), row + " has no wall time and RSS:\n" + table);
                assertEquals(row.startsWith("bin/rider"), RATIOS.matcher(line).find(), row + " ratios:\n" + table);
            }
            for (String row : List.of("bin/rider produce: start to", "bin/rider run: start to")) {
                assertTrue(SECONDS.matcher(row(bench, row)).find(), row + " has no time:\n" + table);
            }
        }
    }

    private static String row(RiderProcess bench, String name) {
        return bench.stdout().stream().filter(l -> l.startsWith("| " + name)).findFirst().orElse("");
    }
}
