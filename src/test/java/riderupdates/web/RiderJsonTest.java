package riderupdates.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import riderupdates.store.RiderPosition;

class RiderJsonTest {

    @Test
    void aPositionIsValidJsonWhateverTheNameWithTimeInUtcMillis() throws Exception {
        String name = "Zoë \"Z\" O'Brien \\ </script>\n\u2028\u0001";
        String json = RiderJson.position(new RiderPosition(name, "North", 1, 42, Instant.parse("2026-12-01T10:00:00Z")));
        assertEquals(-1, json.indexOf('\n'), "one line: a raw line break would end the event's data");
        Map<?, ?> parsed = new ObjectMapper().readValue(json, Map.class);
        assertEquals(Map.of("name", name, "location", "North", "partition", 1, "offset", 42,
                "time", "2026-12-01T10:00:00.000Z"), parsed);
    }
}
