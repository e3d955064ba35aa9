package riderupdates.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFileForCamelKeysToo() {
        Map<String, String> environment = Map.of("CAMEL_MAIN_NAME", "fromenv", "RIDER_PARTITIONS", "3");
        assertEquals("rider-updates", RiderSettings.load(Map.of(), Map.of()).resolved().get("camel.main.name"));
        RiderSettings fromEnvironment = RiderSettings.load(Map.of(), environment);
        assertEquals("fromenv", fromEnvironment.resolved().get("camel.main.name"));
        assertEquals("3", fromEnvironment.resolved().get("rider.partitions"));
        RiderSettings fromFlags = RiderSettings.load(Map.of("camel.main.name", "fromflag", "rider.partitions", "4"), environment);
        assertEquals("fromflag", fromFlags.resolved().get("camel.main.name"));
        assertEquals("fromflag", fromFlags.get("camel.main.name"));
        assertEquals(4, fromFlags.getInt("rider.partitions"));
    }

    @Test
    void camelVariablesOfKeysNotInTheFileAreHandedOnUnderCamelsNames() {
        Map<String, String> environment = Map.of(
                "CAMEL_COMPONENT_KAFKA_LINGER_MS", "7",
                "CAMEL_MAIN_STREAM_CACHING_ENABLED", "true",
                "CAMEL_HEALTH_ROUTES_ENABLED", "false",
                // Kubernetes' service variables and names that are no option: not Camel's to read
                "CAMEL_MANAGEMENT_SERVICE_PORT", "8080",
                "CAMEL_HOME", "/opt/camel");
        Map<String, String> resolved = RiderSettings.load(Map.of(), environment).resolved();
        assertEquals("7", resolved.get("camel.component.kafka.linger-ms"));
        assertEquals("false", resolved.get("camel.health.routes-enabled"));
        // the file's own key takes the variable; no second spelling of the option beside it
        assertEquals("true", resolved.get("camel.main.stream-caching-enabled"));
        assertEquals(Set.of("camel.component.kafka.linger-ms", "camel.health.routes-enabled", "camel.main.stream-caching-enabled"),
                RiderSettings.camelEnvironmentKeys(environment));
        assertFalse(resolved.keySet().stream().anyMatch(key -> key.startsWith("camel.management.") || key.startsWith("camel.home")),
                resolved.toString());

        // a flag in another spelling of the option still wins, and stays the only spelling
        Map<String, String> flagged = RiderSettings.load(Map.of("camel.component.kafka.lingerMs", "3"), environment).resolved();
        assertEquals("3", flagged.get("camel.component.kafka.lingerMs"));
        assertFalse(flagged.containsKey("camel.component.kafka.linger-ms"), flagged.toString());
    }

    @Test
    void theRegionMapTakesTheEnvironmentBelowTheFlags() {
        Map<String, String> environment = Map.of("RIDER_REGIONS_EAST", "2", "RIDER_REGIONS_WEST", "3");
        assertEquals(Map.of("north", 0, "east", 2, "west", 3), RiderSettings.load(Map.of(), environment).regions());
        assertEquals(Map.of("north", 0, "east", 4, "west", 3),
                RiderSettings.load(Map.of("rider.regions.east", "4"), environment).regions());
    }
}
