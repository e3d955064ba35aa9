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

import org.apache.camel.main.MainHelper;
import org.apache.camel.util.StringHelper;

/**
 * The settings, resolved in one order for every key, {@code rider.*} and {@code camel.*} alike: command-line
 * overrides, then environment variables (Camel's mapping, {@code rider.partitions -> RIDER_PARTITIONS}), then
 * {@code application.properties}. {@link #resolved()} hands them all to camel-main, whose own reading of the
 * environment is turned off: it would put the environment above the command line.
 */
public final class RiderSettings {

    public static final String REGION_PREFIX = "rider.regions.";

    private final Properties defaults;
    private final Map<String, String> overrides;
    private final Map<String, String> environment;

    private RiderSettings(Properties defaults, Map<String, String> overrides, Map<String, String> environment) {
        this.defaults = defaults;
        this.overrides = Map.copyOf(overrides);
        this.environment = Map.copyOf(environment);
    }

    /** Loads {@code application.properties} from the classpath and lays the environment and the overrides over it. */
    public static RiderSettings load(Map<String, String> overrides) {
        return load(overrides, System.getenv());
    }

    /** The same, with the given environment variables instead of the process's. */
    static RiderSettings load(Map<String, String> overrides, Map<String, String> environment) {
        Properties defaults = new Properties();
        try (InputStream in = RiderSettings.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read application.properties", e);
        }
        return new RiderSettings(defaults, overrides, environment);
    }

    /**
     * Every setting as resolved here, for camel-main's override properties: routes then see exactly what the
     * Java side sees, whichever of the three sources each value came from. Besides the keys of the file and the
     * overrides, the {@code camel.*} keys that only the environment sets (e.g. {@code CAMEL_COMPONENT_KAFKA_LINGER_MS}).
     */
    public Map<String, String> resolved() {
        Set<String> keys = new TreeSet<>(defaults.stringPropertyNames());
        keys.addAll(overrides.keySet());
        Set<String> known = new TreeSet<>();
        keys.forEach(key -> known.add(sameOption(key)));
        camelEnvironmentKeys(environment).stream().filter(key -> !known.contains(sameOption(key))).forEach(keys::add);
        Map<String, String> resolved = new LinkedHashMap<>();
        keys.forEach(key -> find(key).ifPresent(value -> resolved.put(key, value)));
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
            value = environmentVariable(key);
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
        environment.forEach((name, value) -> putRegion(regions, name, "RIDER_REGIONS_", value));
        overrides.forEach((key, value) -> putRegion(regions, key, REGION_PREFIX, value));
        return regions;
    }

    /** The key's environment variable only, whatever -D or the file say (for secrets that must come from there). */
    public Optional<String> fromEnvironment(String key) {
        return Optional.ofNullable(environmentVariable(key));
    }

    /**
     * A password: from the environment only, so it never shows in the process list nor ends up committed in a
     * properties file; refused when -D or a file names it, whatever its value.
     */
    public Optional<String> secret(String key) {
        if (givenOutsideEnvironment(key)) {
            throw new IllegalStateException(key + " is taken from the environment only (" + variableName(key)
                    + "), not from -D or a properties file, where it would show in the process list or end up committed");
        }
        return fromEnvironment(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** True when -D or application.properties name the key, not only the environment. */
    public boolean givenOutsideEnvironment(String key) {
        return overrides.containsKey(key) || defaults.containsKey(key);
    }

    /** The variable of a key, as Camel looks it up: {@code rider.batch-size} or {@code rider.batchSize} is RIDER_BATCH_SIZE. */
    private String environmentVariable(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        String value = environment.get(upper);
        if (value == null) {
            value = environment.get(variableName(upper));
        }
        if (value == null) {
            value = environment.get(variableName(StringHelper.camelCaseToDash(key)));
        }
        return value;
    }

    /** The environment variable of a setting, in Camel's mapping: {@code rider.sasl.password} is RIDER_SASL_PASSWORD. */
    static String variableName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * The {@code camel.*} keys of the CAMEL_* variables, named as camel-main names them when it reads the environment
     * itself: components, data formats and languages by Camel's catalog ({@code CAMEL_COMPONENT_KAFKA_LINGER_MS} is
     * {@code camel.component.kafka.linger-ms}); the rest as group and option ({@code CAMEL_MAIN_NAME} is
     * {@code camel.main.name}), skipping the variables Kubernetes sets for its services ({@code *_PORT}, ...).
     */
    static Set<String> camelEnvironmentKeys(Map<String, String> environment) {
        Map<String, String> components = new TreeMap<>();
        Map<String, String> dataFormats = new TreeMap<>();
        Map<String, String> languages = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        environment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.startsWith("CAMEL_COMPONENT_")) {
                components.put(upper, value);
            } else if (upper.startsWith("CAMEL_DATAFORMAT_")) {
                dataFormats.put(upper, value);
            } else if (upper.startsWith("CAMEL_LANGUAGE_")) {
                languages.put(upper, value);
            } else if (upper.startsWith("CAMEL_") && !kubernetesService(upper)) {
                String[] groupAndOption = upper.substring("CAMEL_".length()).split("_", 2);
                if (groupAndOption.length == 2 && !groupAndOption[0].isEmpty() && !groupAndOption[1].isEmpty()) {
                    keys.add("camel." + groupAndOption[0].toLowerCase(Locale.ROOT) + "."
                            + groupAndOption[1].toLowerCase(Locale.ROOT).replace('_', '-'));
                }
            }
        });
        // as camel-main does: the names its catalog knows first, then the others (custom components)
        Properties catalogued = new Properties();
        MainHelper catalog = new MainHelper();
        for (boolean custom : new boolean[] {false, true}) {
            catalog.addComponentEnvVariables(components, catalogued, custom);
            catalog.addDataFormatEnvVariables(dataFormats, catalogued, custom);
            catalog.addLanguageEnvVariables(languages, catalogued, custom);
        }
        keys.addAll(catalogued.stringPropertyNames());
        return keys;
    }

    private static boolean kubernetesService(String name) {
        return name.endsWith("_SERVICE_HOST") || name.endsWith("_SERVICE_PORT") || name.endsWith("_PORT") || name.contains("_PORT_");
    }

    /** One spelling of an option for comparing keys: camel-main ignores case and dashes in option names. */
    private static String sameOption(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "");
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
