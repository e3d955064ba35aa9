package riderupdates.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the YAML routes come from: a {@code routes/} folder on disk, so users edit them without a rebuild,
 * or the copies bundled in the jar when no folder is found.
 */
public record RoutesLocation(String base, Path directory) {

    /** The route files of each part of the application; a command loads the parts it runs. */
    public enum Role {
        /** Lines from standard input. */
        STDIN("stdin*.camel.yaml"),
        /** Lines from files dropped into the inbox folder. */
        INBOX("inbox*.camel.yaml"),
        /** Validate, parse, publish; set aside what is rejected. Every input needs it. */
        PUBLISH("producer*.camel.yaml", "errors*.camel.yaml"),
        /** One printing route per consumer group. */
        CONSUMER("consumer*.camel.yaml"),
        /** The store route: the latest position of every rider, in PostgreSQL. */
        STORE("store*.camel.yaml"),
        /** The live view's API (with the store: it reads the store's table). */
        WEB("web*.camel.yaml");

        private final String[] files;

        Role(String... files) {
            this.files = files;
        }
    }

    public static final String HOME_PROPERTY = "rider.home";
    private static final String BUNDLED = "classpath:routes";

    /**
     * The first of: the folder given (--routes, or the setting rider.routes), {@code routes/} under the launcher's home
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
        return new RoutesLocation(BUNDLED, null);
    }

    public static RoutesLocation ofDirectory(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        return new RoutesLocation("file:" + absolute, absolute);
    }

    /** The route files of the roles, in the folder; empty for the bundled copies. */
    public List<Path> files(Set<Role> roles) {
        if (directory == null) {
            return List.of();
        }
        List<PathMatcher> matchers = roles.stream().flatMap(role -> Arrays.stream(role.files))
                .map(glob -> directory.getFileSystem().getPathMatcher("glob:" + glob)).toList();
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> matchers.stream().anyMatch(m -> m.matches(file.getFileName()))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the routes folder " + directory, e);
        }
    }

    /** Where the routes come from, for the start-up log. */
    public String describe(Set<Role> roles) {
        if (directory == null) {
            return "the copies bundled in the jar (no routes/ folder found)";
        }
        return directory + ": " + files(roles).stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
    }

    /** camel-main's routes include pattern for the given roles. */
    public String includePattern(Set<Role> roles) {
        return roles.stream().sorted()
                .flatMap(role -> Arrays.stream(role.files))
                .map(file -> base + "/" + file)
                .collect(Collectors.joining(","));
    }
}
