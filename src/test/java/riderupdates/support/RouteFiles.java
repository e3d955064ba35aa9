package riderupdates.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project's route files, copied where a test may edit them, and a consumer group added the YAML way. */
public final class RouteFiles {

    private RouteFiles() {
    }

    /** Copies every file of routes/ into the folder. */
    public static void copyTo(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
    }

    /** Adds consumer-GROUP.camel.yaml: a templatedRoute of the consumer template, route consume-GROUP. */
    public static void addGroup(Path folder, String group) throws IOException {
        Files.writeString(folder.resolve("consumer-" + group + ".camel.yaml"), String.join("\n",
                "- templatedRoute:",
                "    routeTemplateRef: rider-updates-consumer",
                "    routeId: consume-" + group,
                "    parameters:",
                "      - name: groupId",
                "        value: " + group,
                ""));
    }
}
