package riderupdates.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;
import riderupdates.store.RiderPosition;

/**
 * The API's JSON where Java writes it: a position as the live stream sends it (the same fields, names and time format
 * as {@code sql/select-riders.sql} gives {@code GET /api/riders}), and the error bodies. Bound as {@code webJson} for
 * the web routes.
 */
public final class RiderJson {

    /** ISO-8601 in UTC with milliseconds, as PostgreSQL's {@code to_char(..., 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')} */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    /** {@code {"name":...,"location":...,"partition":1,"offset":42,"time":"2026-12-01T10:00:00.123Z"}} on one line */
    public static String position(RiderPosition position) {
        // written by hand with Jackson's own string escaping: it runs for every stored change
        StringBuilder json = new StringBuilder(96 + position.name().length() + position.location().length());
        json.append("{\"name\":\"");
        ESCAPE.quoteAsString(position.name(), json);
        json.append("\",\"location\":\"");
        ESCAPE.quoteAsString(position.location(), json);
        json.append("\",\"partition\":").append(position.partition())
                .append(",\"offset\":").append(position.offset())
                .append(",\"time\":\"").append(time(position.time())).append("\"}");
        return json.toString();
    }

    static String time(Instant time) {
        return TIME.format(time);
    }

    /** {@code {"error":"..."}}, the message escaped as JSON */
    public static String error(String message) {
        return write(Map.of("error", message));
    }

    /** The body of {@code GET /api/riders/{name}} when there is no such rider (the route answers 404). */
    public Map<String, String> noRider(@Header("name") String name) {
        return Map.of("error", "no rider named '" + name + "'");
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
