package riderupdates.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The Kafka client properties each supported combination of rider.security.* settings gives, and the refusals. */
class KafkaSecurityTest {

    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    /** The environment's passwords (never the test process's own environment). */
    private static final Map<String, String> PASSWORDS = Map.of(
            "RIDER_SASL_PASSWORD", "pa\"ss",
            "RIDER_SSL_TRUSTSTORE_PASSWORD", "trust-secret");
    private static final Map<String, String> WITH_KEYSTORE = Map.of(
            "RIDER_SSL_TRUSTSTORE_PASSWORD", "trust-secret",
            "RIDER_SSL_KEYSTORE_PASSWORD", "key-secret");

    @Test
    void plaintextNeedsNoClientProperties() {
        assertEquals(Map.of(), KafkaSecurity.clientProperties(RiderSettings.load(Map.of(), PASSWORDS)));
    }

    @Test
    void scramSha512OverPlaintext() {
        assertEquals(Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", SCRAM + " required username=\"rider\" password=\"pa\\\"ss\";"),
                properties(Map.of("rider.security.protocol", "SASL_PLAINTEXT", "rider.sasl.username", "rider")));
    }

    @Test
    void plainOverPlaintextTakesPlainsLoginModule() {
        assertEquals(Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", PLAIN + " required username=\"rider\" password=\"pa\\\"ss\";"),
                properties(Map.of("rider.security.protocol", "sasl_plaintext", "rider.sasl.mechanism", "plain",
                        "rider.sasl.username", "rider")));
    }

    @Test
    void sslWithATruststoreAndAKeystoreForMutualTls() {
        assertEquals(Map.of(
                        "security.protocol", "SSL",
                        "ssl.truststore.location", "/etc/rider/truststore.p12",
                        "ssl.truststore.password", "trust-secret",
                        "ssl.keystore.location", "/etc/rider/keystore.p12",
                        "ssl.keystore.password", "key-secret"),
                KafkaSecurity.clientProperties(RiderSettings.load(Map.of("rider.security.protocol", "SSL",
                        "rider.ssl.truststore.location", "/etc/rider/truststore.p12",
                        "rider.ssl.keystore.location", "/etc/rider/keystore.p12"), WITH_KEYSTORE)));
    }

    @Test
    void scramOverTls() {
        assertEquals(Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-256",
                        "sasl.jaas.config", SCRAM + " required username=\"rider\" password=\"pa\\\"ss\";",
                        "ssl.truststore.location", "/etc/rider/truststore.p12",
                        "ssl.truststore.password", "trust-secret"),
                properties(Map.of("rider.security.protocol", "SASL_SSL", "rider.sasl.mechanism", "SCRAM-SHA-256",
                        "rider.sasl.username", "rider", "rider.ssl.truststore.location", "/etc/rider/truststore.p12")));
    }

    @Test
    void theCamelOptionsCarryTheSameValues() {
        RiderSettings settings = RiderSettings.load(Map.of("rider.security.protocol", "SSL",
                "rider.ssl.keystore.location", "/etc/rider/keystore.p12"), WITH_KEYSTORE);
        assertEquals(Map.of(
                        "camel.component.kafka.security-protocol", "SSL",
                        "camel.component.kafka.ssl-truststore-password", "trust-secret",
                        "camel.component.kafka.ssl-keystore-location", "/etc/rider/keystore.p12",
                        "camel.component.kafka.ssl-keystore-password", "key-secret"),
                KafkaSecurity.camelComponentProperties(settings));
    }

    @Test
    void mechanismsThatNeedMoreThanAPasswordAreRefusedByName() {
        for (String mechanism : new String[] {"GSSAPI", "OAUTHBEARER"}) {
            assertEquals("rider.sasl.mechanism=" + mechanism + " is not supported: use one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512",
                    refusal(Map.of("rider.security.protocol", "SASL_SSL", "rider.sasl.mechanism", mechanism,
                            "rider.sasl.username", "rider")));
        }
    }

    @Test
    void anUnknownProtocolIsRefusedByName() {
        assertEquals("rider.security.protocol=TLS is not supported: use one of PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, SSL",
                refusal(Map.of("rider.security.protocol", "TLS")));
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() {
        String message = refusal(Map.of("rider.security.protocol", "SASL_PLAINTEXT", "rider.sasl.username", "rider",
                "rider.sasl.password", "visible-in-ps"));
        assertTrue(message.startsWith("rider.sasl.password is taken from the environment only (RIDER_SASL_PASSWORD)"), message);
        // where it came from decides, not whether it happens to equal the environment's
        assertTrue(refusal(Map.of("rider.security.protocol", "SASL_PLAINTEXT", "rider.sasl.username", "rider",
                "rider.sasl.password", "pa\"ss")).startsWith("rider.sasl.password is taken from the environment only"));
    }

    @Test
    void missingCredentialsAreNamed() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> KafkaSecurity.clientProperties(
                RiderSettings.load(Map.of("rider.security.protocol", "SASL_PLAINTEXT", "rider.sasl.username", "rider"), Map.of())));
        assertEquals("rider.security.protocol=SASL_PLAINTEXT needs the password in RIDER_SASL_PASSWORD", error.getMessage());
        assertTrue(refusal(Map.of("rider.security.protocol", "SASL_PLAINTEXT")).contains("needs rider.sasl.username"));
    }

    @Test
    void aKeystoreWithoutItsPasswordIsRefused() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> KafkaSecurity.clientProperties(
                RiderSettings.load(Map.of("rider.security.protocol", "SSL", "rider.ssl.keystore.location", "/etc/rider/keystore.p12"),
                        PASSWORDS)));
        assertEquals("A keystore needs both rider.ssl.keystore.location and its password in RIDER_SSL_KEYSTORE_PASSWORD, "
                + "not one without the other", error.getMessage());
    }

    private static Map<String, String> properties(Map<String, String> overrides) {
        return KafkaSecurity.clientProperties(RiderSettings.load(overrides, PASSWORDS));
    }

    private static String refusal(Map<String, String> overrides) {
        return assertThrows(IllegalStateException.class, () -> properties(overrides)).getMessage();
    }
}
