package riderupdates.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.util.IOHelper;

/**
 * The settings the Java side needs before Camel starts (topic layout, region map, groups), resolved the way
 * Camel resolves the same keys: command-line overrides, then environment variables (Camel's own
 * {@code rider.partitions -> RIDER_PARTITIONS} mapping), then {@code application.properties}.
 * The overrides are handed to camel-main too, so routes and Java see the same values.
 */
public final class RiderSettings {

    public static final String REGION_PREFIX = "rider.regions.";

    private final Properties defaults;
    private final Map<String, String> overrides;

    private RiderSettings(Properties defaults, Map<String, String> overrides) {
        this.defaults = defaults;
        this.overrides = Map.copyOf(overrides);
    }

    /** Loads {@code application.properties} from the classpath and lays the overrides over it. */
    public static RiderSettings load(Map<String, String> overrides) {
        Properties defaults = new Properties();
        try (InputStream in = RiderSettings.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read application.properties", e);
        }
        return new RiderSettings(defaults, overrides);
    }

    /**
     * Every setting as resolved here, for camel-main's override properties: routes then see exactly what the
     * Java side sees, whichever of the three sources each value came from.
     */
    public Map<String, String> resolved() {
        Set<String> keys = new TreeSet<>(defaults.stringPropertyNames());
        keys.addAll(overrides.keySet());
        Map<String, String> resolved = new LinkedHashMap<>();
        keys.forEach(key -> resolved.put(key, get(key)));
        return resolved;
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException(
                "Setting '" + key + "' is missing: add it to application.properties or the environment"));
    }

    /** A setting that may be absent, e.g. {@code rider.inbox}. */
    public Optional<String> find(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = IOHelper.lookupEnvironmentVariable(key);
        }
        if (value == null) {
            value = defaults.getProperty(key);
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    public int getInt(String key) {
        return parseInt(key, get(key));
    }

    public List<String> getList(String key) {
        return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String brokers() {
        return get("rider.brokers");
    }

    public String topic() {
        return get("rider.topic");
    }

    /**
     * The region map: every {@code rider.regions.NAME=PARTITION} key from any of the three sources
     * (as environment variables: {@code RIDER_REGIONS_NAME}), later sources winning; names in lower case.
     */
    public Map<String, Integer> regions() {
        Map<String, Integer> regions = new TreeMap<>();
        defaults.stringPropertyNames().forEach(key -> putRegion(regions, key, REGION_PREFIX, defaults.getProperty(key)));
        System.getenv().forEach((name, value) -> putRegion(regions, name, "RIDER_REGIONS_", value));
        overrides.forEach((key, value) -> putRegion(regions, key, REGION_PREFIX, value));
        return regions;
    }

    private static void putRegion(Map<String, Integer> regions, String key, String prefix, String value) {
        if (key.startsWith(prefix) && key.length() > prefix.length()) {
            regions.put(key.substring(prefix.length()).toLowerCase(Locale.ROOT), parseInt(key, value));
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Setting '" + key + "' must be a whole number, not '" + value.trim() + "'", e);
        }
    }
}
