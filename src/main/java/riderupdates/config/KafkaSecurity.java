package riderupdates.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * Kafka client settings for a secured cluster, from the rider.security.* / rider.sasl.* / rider.ssl.* settings:
 * SASL (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN) over plaintext or TLS, and TLS with a truststore and, for mutual
 * TLS, a keystore. The same settings serve admin, producers and consumers.
 *
 * <p>Passwords are taken from the environment only (RIDER_SASL_PASSWORD, RIDER_SSL_TRUSTSTORE_PASSWORD,
 * RIDER_SSL_KEYSTORE_PASSWORD); one given with -D or in a properties file is refused: a command line shows in
 * every local user's process list, and a properties file ends up committed or packed into the jar.
 */
public final class KafkaSecurity {

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL");

    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";
    /** Mechanisms a user name and password can log in with; GSSAPI or OAUTHBEARER need more than that. */
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", SCRAM,
            "SCRAM-SHA-512", SCRAM);

    private KafkaSecurity() {
    }

    /** Kafka client properties (security.protocol, sasl.*, ssl.*); empty for a plaintext cluster. */
    public static Map<String, String> clientProperties(RiderSettings settings) {
        String protocol = settings.find("rider.security.protocol").orElse("PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw unsupported("rider.security.protocol", protocol, PROTOCOLS);
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (protocol.equals("PLAINTEXT")) {
            return props;
        }
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = settings.get("rider.sasl.mechanism").toUpperCase(Locale.ROOT);
            String module = LOGIN_MODULES.get(mechanism);
            if (module == null) {
                throw unsupported("rider.sasl.mechanism", mechanism, LOGIN_MODULES.keySet().stream().sorted().toList());
            }
            String user = settings.find("rider.sasl.username").orElseThrow(() -> new IllegalStateException(
                    "rider.security.protocol=" + protocol + " needs rider.sasl.username (or RIDER_SASL_USERNAME)"));
            String password = settings.secret("rider.sasl.password").orElseThrow(() -> new IllegalStateException(
                    "rider.security.protocol=" + protocol + " needs the password in RIDER_SASL_PASSWORD"));
            props.put("sasl.mechanism", mechanism);
            props.put("sasl.jaas.config", module + " required username=\"" + escape(user) + "\" password=\"" + escape(password) + "\";");
        }
        if (protocol.endsWith("SSL")) {
            settings.find("rider.ssl.truststore.location").ifPresent(location -> props.put("ssl.truststore.location", location));
            settings.secret("rider.ssl.truststore.password").ifPresent(password -> props.put("ssl.truststore.password", password));
            keystore(settings, props);
        }
        return props;
    }

    /** Mutual TLS: the client's own certificate and key. Kafka uses the store's password for the key too. */
    private static void keystore(RiderSettings settings, Map<String, String> props) {
        Optional<String> location = settings.find("rider.ssl.keystore.location");
        Optional<String> password = settings.secret("rider.ssl.keystore.password");
        if (location.isPresent() != password.isPresent()) {
            throw new IllegalStateException("A keystore needs both rider.ssl.keystore.location and its password in "
                    + RiderSettings.variableName("rider.ssl.keystore.password") + ", not one without the other");
        }
        location.ifPresent(value -> props.put("ssl.keystore.location", value));
        password.ifPresent(value -> props.put("ssl.keystore.password", value));
    }

    private static IllegalStateException unsupported(String key, String value, List<String> supported) {
        return new IllegalStateException(key + "=" + value + " is not supported: use one of " + String.join(", ", supported));
    }

    /** The same settings as camel-kafka component options, for camel-main. */
    public static Map<String, String> camelComponentProperties(RiderSettings settings) {
        Map<String, String> camel = new LinkedHashMap<>();
        clientProperties(settings).forEach((key, value) -> camel.put(switch (key) {
            case "security.protocol" -> "camel.component.kafka.security-protocol";
            case "sasl.mechanism" -> "camel.component.kafka.sasl-mechanism";
            case "sasl.jaas.config" -> "camel.component.kafka.sasl-jaas-config";
            case "ssl.truststore.location" -> "camel.component.kafka.ssl-truststore-location";
            case "ssl.truststore.password" -> "camel.component.kafka.ssl-truststore-password";
            case "ssl.keystore.location" -> "camel.component.kafka.ssl-keystore-location";
            case "ssl.keystore.password" -> "camel.component.kafka.ssl-keystore-password";
            default -> throw new IllegalStateException("no camel-kafka option for " + key);
        }, value));
        return camel;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
