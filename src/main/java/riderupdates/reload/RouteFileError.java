package riderupdates.reload;

import java.util.Optional;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import riderupdates.config.RootCause;

/**
 * Where in a route file an edit broke, as {@code producer.camel.yaml:24: reason}: the YAML parser marks its
 * errors itself; an unknown endpoint or a route that fails is found by its URI's scheme or its route id.
 */
final class RouteFileError {

    private RouteFileError() {
    }

    static String describe(String fileName, String content, Throwable error) {
        String reason = RootCause.message(error);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException yaml) {
                return yamlError(fileName, yaml);
            }
        }
        return lineOf(content, error)
                .map(line -> fileName + ":" + line + ": " + reason)
                .orElse(fileName + ": " + reason);
    }

    private static String yamlError(String fileName, MarkedYamlEngineException yaml) {
        Optional<Mark> problem = yaml.getProblemMark();
        String where = problem.map(mark -> fileName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                .orElse(fileName);
        String context = yaml.getContext() == null ? "" : " (" + yaml.getContext()
                + yaml.getContextMark().map(mark -> " from line " + (mark.getLine() + 1)).orElse("") + ")";
        return where + ": " + firstLine(yaml.getProblem() != null ? yaml.getProblem() : yaml.getMessage()) + context;
    }

    /** The 1-based line of the endpoint or route the error names; empty when it names neither. */
    private static Optional<Integer> lineOf(String content, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String uri = cause instanceof NoSuchEndpointException e ? e.getUri()
                    : cause instanceof ResolveEndpointFailedException e ? e.getUri() : null;
            if (uri != null && uri.contains(":")) {
                Optional<Integer> line = lineContaining(content, uri.substring(0, uri.indexOf(':') + 1));
                if (line.isPresent()) {
                    return line;
                }
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String routeId = cause instanceof FailedToCreateRouteException e ? e.getRouteId()
                    : cause instanceof FailedToStartRouteException e ? e.getRouteId() : null;
            if (routeId != null) {
                Optional<Integer> line = lineContaining(content, "id: " + routeId);
                if (line.isPresent()) {
                    return line;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> lineContaining(String content, String text) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
