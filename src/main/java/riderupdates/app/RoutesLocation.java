package riderupdates.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the YAML routes come from: a {@code routes/} folder on disk, so users edit them without a rebuild,
 * or the copies bundled in the jar when no folder is found.
 */
public record RoutesLocation(String base) {

    /** The route files of each part of the application; a command loads the parts it runs. */
    public enum Role {
        /** Lines from standard input. */
        STDIN("stdin*.camel.yaml"),
        /** Lines from files dropped into the inbox folder. */
        INBOX("inbox*.camel.yaml"),
        /** Validate, parse, publish; set aside what is rejected. Every input needs it. */
        PUBLISH("producer*.camel.yaml", "errors*.camel.yaml"),
        /** One printing route per consumer group. */
        CONSUMER("consumer*.camel.yaml");

        private final String[] files;

        Role(String... files) {
            this.files = files;
        }
    }

    public static final String HOME_PROPERTY = "rider.home";
    private static final String BUNDLED = "classpath:routes";

    /**
     * The first of: the folder given (it must exist), {@code routes/} under the launcher's home
     * ({@code -Drider.home}, set by bin/rider), {@code routes/} in the working directory, the bundled copies.
     */
    public static RoutesLocation resolve(Path explicitDir) {
        if (explicitDir != null) {
            if (!Files.isDirectory(explicitDir)) {
                throw new IllegalArgumentException("Routes folder " + explicitDir + " does not exist");
            }
            return ofDirectory(explicitDir);
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && Files.isDirectory(Path.of(home, "routes"))) {
            return ofDirectory(Path.of(home, "routes"));
        }
        if (Files.isDirectory(Path.of("routes"))) {
            return ofDirectory(Path.of("routes"));
        }
        return new RoutesLocation(BUNDLED);
    }

    public static RoutesLocation ofDirectory(Path dir) {
        return new RoutesLocation("file:" + dir.toAbsolutePath().normalize());
    }

    /** camel-main's routes include pattern for the given roles. */
    public String includePattern(Set<Role> roles) {
        return roles.stream().sorted()
                .flatMap(role -> Arrays.stream(role.files))
                .map(file -> base + "/" + file)
                .collect(Collectors.joining(","));
    }
}
