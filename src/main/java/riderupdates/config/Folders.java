package riderupdates.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary folders the product makes (a broker's logs, a database's data, the bench's files). */
public final class Folders {

    private Folders() {
    }

    /** Deletes the folder and everything in it, deepest first; what cannot be listed is the caller's to report. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
