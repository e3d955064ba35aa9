package riderupdates.cli;

import java.util.Map;

import picocli.CommandLine.Option;

/** --progress, for the commands that read lines in (run, produce). */
final class ProgressOption {

    @Option(names = "--progress",
            description = "Print the progress line (lines done, lines/s) to stderr as a whole line each second, wherever stderr goes "
                    + "(setting rider.progress=true; by default, auto, it shows in place on a terminal).")
    boolean progress;

    /** The setting this switch turns on when given. */
    void addSwitches(Map<String, Boolean> switches) {
        switches.put("rider.progress", progress);
    }
}
