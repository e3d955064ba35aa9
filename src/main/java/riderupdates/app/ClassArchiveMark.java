package riderupdates.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells bin/rider that this run's class-data archive is worth keeping: bin/rider asks for the mark (the system
 * property {@value #PROPERTY}) when the JVM writes an archive as it exits, and throws an unmarked archive away. A run
 * marks it once it has started its work (admin answered and the routes started; the broker listens; the bench ended);
 * a run that failed before (no broker, a bad setting) loaded too few classes for the archive to help the runs after it.
 */
public final class ClassArchiveMark {

    static final String PROPERTY = "rider.class-archive-mark";

    private ClassArchiveMark() {
    }

    /** This run has started its work: its classes are the ones the command needs. */
    public static void workStarted() {
        String mark = System.getProperty(PROPERTY);
        if (mark == null || mark.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(mark), new byte[0]);
        } catch (IOException e) {
            // no mark: the next run writes the archive again
        }
    }
}
