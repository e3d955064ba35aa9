package riderupdates.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;

/**
 * bin/rider against brokers whose client listener speaks TLS only, with self-signed certificates made by the
 * JDK's keytool: the truststore that holds the broker's certificate connects, one that does not is refused at
 * once with a clear error; where the broker asks for client certificates (mutual TLS), the client's keystore
 * gets it in.
 */
class TlsClusterIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String PASSWORD = "store-secret";

    @TempDir
    static Path stores;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedKafkaBroker mutual;

    @BeforeAll
    static void startBrokers() throws Exception {
        selfSigned("broker", stores.resolve("broker.p12"), stores.resolve("trusts-broker.p12"));
        selfSigned("stranger", stores.resolve("stranger.p12"), stores.resolve("trusts-stranger.p12"));
        broker = EmbeddedKafkaBroker.startTls(new EmbeddedKafkaBroker.Tls(stores.resolve("broker.p12"),
                stores.resolve("trusts-broker.p12"), PASSWORD, false));
        // mutual TLS: the broker trusts itself and the rider client, whose key is in client.p12
        selfSigned("client", stores.resolve("client.p12"), stores.resolve("trusts-broker-and-client.p12"));
        importCertificate("broker", stores.resolve("trusts-broker-and-client.p12"));
        mutual = EmbeddedKafkaBroker.startTls(new EmbeddedKafkaBroker.Tls(stores.resolve("broker.p12"),
                stores.resolve("trusts-broker-and-client.p12"), PASSWORD, true));
    }

    @AfterAll
    static void stopBrokers() {
        if (broker != null) {
            broker.close();
        }
        if (mutual != null) {
            mutual.close();
        }
    }

    @Test
    void aTruststoreThatHoldsTheBrokersCertificateProducesAndConsumes() throws Exception {
        try (RiderProcess rider = RiderProcess.start(tls("trusts-broker.p12"), "run",
                "--brokers", broker.bootstrapServers(), "-D", "rider.topic=tls")) {
            rider.pipe("tony north\nasha south\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(
                            "g1: [tls]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                            "g1: [tls]: PART:1: {\"name\":\"asha\",\"location\":\"south\"}"),
                    rider.stdout().stream().sorted().toList());
        }
    }

    @Test
    void aTruststoreThatDoesNotIsRefusedAtOnceWithAClearError() throws Exception {
        long started = System.nanoTime();
        try (RiderProcess rider = RiderProcess.start(tls("trusts-stranger.p12"), "produce",
                "--brokers", broker.bootstrapServers(), "-D", "rider.topic=untrusted")) {
            rider.pipe("tony north\n");
            assertEquals(1, rider.awaitExit(EXIT), rider.stderr());
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds < 30, "took " + seconds + " s: a retry loop?");
            assertTrue(rider.stderr().contains("rider: The TLS handshake with Kafka at " + broker.bootstrapServers() + " failed"),
                    rider.stderr());
        }
    }

    @Test
    void mutualTlsLetsInTheClientWithItsCertificateAndNoOneWithout() throws Exception {
        Map<String, String> withCertificate = new HashMap<>(tls("trusts-broker.p12"));
        withCertificate.put("RIDER_SSL_KEYSTORE_LOCATION", stores.resolve("client.p12").toString());
        withCertificate.put("RIDER_SSL_KEYSTORE_PASSWORD", PASSWORD);
        try (RiderProcess rider = RiderProcess.start(withCertificate, "run",
                "--brokers", mutual.bootstrapServers(), "-D", "rider.topic=mutual")) {
            rider.pipe("tony north\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of("g1: [mutual]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}"), rider.stdout());
        }
        try (RiderProcess rider = RiderProcess.start(tls("trusts-broker.p12"), "produce",
                "--brokers", mutual.bootstrapServers(), "-D", "rider.topic=mutual-refused")) {
            rider.pipe("tony north\n");
            assertEquals(1, rider.awaitExit(EXIT), rider.stderr());
            assertTrue(rider.stderr().contains("rider: The TLS handshake with Kafka at " + mutual.bootstrapServers() + " failed"),
                    rider.stderr());
        }
    }

    private static Map<String, String> tls(String truststore) {
        return Map.of(
                "RIDER_SECURITY_PROTOCOL", "SSL",
                "RIDER_SSL_TRUSTSTORE_LOCATION", stores.resolve(truststore).toString(),
                "RIDER_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
    }

    /** A key and self-signed certificate for localhost, and a truststore that holds the certificate. */
    private static void selfSigned(String alias, Path keystore, Path truststore) throws IOException, InterruptedException {
        Path certificate = keystore.resolveSibling(alias + ".crt");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", alias, "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    /** Adds an existing key's certificate (exported by {@link #selfSigned}) to a truststore. */
    private static void importCertificate(String alias, Path truststore) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", stores.resolve(alias + ".crt").toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
