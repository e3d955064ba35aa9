package riderupdates.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka client settings for a secured cluster, from the rider.security.* / rider.sasl.* / rider.ssl.* settings:
 * SASL (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN) over plaintext or TLS, and TLS with a truststore. Passwords are
 * meant to come from the environment (RIDER_SASL_PASSWORD, RIDER_SSL_TRUSTSTORE_PASSWORD), never from a file
 * in the repository. The same settings serve admin, producers and consumers.
 */
public final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** Kafka client properties (security.protocol, sasl.*, ssl.*); empty for a plaintext cluster. */
    public static Map<String, String> clientProperties(RiderSettings settings) {
        String protocol = settings.find("rider.security.protocol").orElse("PLAINTEXT").toUpperCase(Locale.ROOT);
        Map<String, String> props = new LinkedHashMap<>();
        if (protocol.equals("PLAINTEXT")) {
            return props;
        }
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = settings.get("rider.sasl.mechanism").toUpperCase(Locale.ROOT);
            String user = settings.find("rider.sasl.username").orElseThrow(() -> new IllegalStateException(
                    "rider.security.protocol=" + protocol + " needs rider.sasl.username (or RIDER_SASL_USERNAME)"));
            String password = settings.find("rider.sasl.password").orElseThrow(() -> new IllegalStateException(
                    "rider.security.protocol=" + protocol + " needs the password in RIDER_SASL_PASSWORD"));
            String module = mechanism.startsWith("SCRAM-")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            props.put("sasl.mechanism", mechanism);
            props.put("sasl.jaas.config", module + " required username=\"" + escape(user) + "\" password=\"" + escape(password) + "\";");
        }
        settings.find("rider.ssl.truststore.location").ifPresent(location -> props.put("ssl.truststore.location", location));
        settings.find("rider.ssl.truststore.password").ifPresent(password -> props.put("ssl.truststore.password", password));
        return props;
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
            default -> throw new IllegalStateException("no camel-kafka option for " + key);
        }, value));
        return camel;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
