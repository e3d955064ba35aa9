package riderupdates.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RiderSettingsTest {

    @Test
    void theDefaultsAreTheTutorials() {
        RiderSettings settings = RiderSettings.load(Map.of());
        assertEquals("rider-updates", settings.topic());
        assertEquals(2, settings.getInt("rider.partitions"));
        assertEquals("location-update", settings.get("rider.key"));
        assertEquals(Map.of("north", 0), settings.regions());
        assertEquals(1, settings.getInt("rider.default-partition"));
        assertEquals(List.of("g1"), settings.getList("rider.groups"));
    }

    @Test
    void overridesWinAndAddRegions() {
        RiderSettings settings = RiderSettings.load(Map.of("rider.topic", "other", "rider.regions.East", "2", "rider.groups", "a, b"));
        assertEquals("other", settings.topic());
        assertEquals(Map.of("north", 0, "east", 2), settings.regions());
        assertEquals(List.of("a", "b"), settings.getList("rider.groups"));
        // what camel-main is handed is what Java resolved
        assertEquals("other", settings.resolved().get("rider.topic"));
        assertEquals("2", settings.resolved().get("rider.regions.East"));
    }

    @Test
    void badValuesNameTheSetting() {
        RiderSettings settings = RiderSettings.load(Map.of("rider.partitions", "two"));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> settings.getInt("rider.partitions"));
        assertTrue(error.getMessage().contains("'rider.partitions' must be a whole number, not 'two'"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> settings.get("rider.nothing"));
    }
}
