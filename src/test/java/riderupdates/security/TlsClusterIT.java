package riderupdates.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.cli.RiderProcess;

/**
 * bin/rider against a broker whose client listener speaks TLS only, with a self-signed certificate made by the
 * JDK's keytool: the truststore that holds it connects; one that does not is refused at once, with a clear error.
 */
class TlsClusterIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String PASSWORD = "store-secret";

    @TempDir
    static Path stores;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        selfSigned("broker", stores.resolve("broker.p12"), stores.resolve("trusts-broker.p12"));
        selfSigned("stranger", stores.resolve("stranger.p12"), stores.resolve("trusts-stranger.p12"));
        broker = EmbeddedKafkaBroker.startTls(new EmbeddedKafkaBroker.Tls(stores.resolve("broker.p12"),
                stores.resolve("trusts-broker.p12"), PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
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
