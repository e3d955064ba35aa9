package riderupdates.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker + controller node, no ZooKeeper), started
 * in-process from the official Kafka server jars. Listens on loopback only.
 *
 * <p>With a data directory the broker keeps its log across restarts (formatting is skipped when the
 * directory is already formatted); without one it uses a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "localhost";

    private final int port;
    private final Path dataDir;
    private final boolean temporary;
    private final KafkaRaftServer server;
    private boolean stopped;

    private EmbeddedKafkaBroker(int port, Path dataDir, boolean temporary, KafkaRaftServer server) {
        this.port = port;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.server = server;
    }

    /** Starts a broker on a free port with a temporary data directory. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null);
    }

    /**
     * Starts a broker.
     *
     * @param port    the client port, or 0 for any free port
     * @param dataDir where the broker keeps its data, or null for a temporary directory deleted on close
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        long started = System.nanoTime();
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("rider-updates-kafka-") : Files.createDirectories(dataDir);
            int clientPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Properties props = serverProperties(dir, clientPort, controllerPort);
            format(dir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(clientPort, dir, temporary, server);
            LOG.info("Embedded Kafka broker (KRaft) listening on {} with data in {}, started in {} ms",
                    broker.bootstrapServers(), dir, (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the embedded Kafka broker's data directory", e);
        }
    }

    /** The address clients connect to, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker, waits for it, and deletes the data directory when it was temporary. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private static Properties serverProperties(Path dir, int clientPort, int controllerPort) {
        int nodeId = 1;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toAbsolutePath().toString());
        // A single node: the internal topics cannot have more than one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers join at once instead of waiting 3 s for more members
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /** Formats the storage like {@code kafka-storage.sh format}, once: a kept directory keeps its cluster id and data. */
    private static void format(Path dir, Properties props) throws IOException {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "embedded Kafka broker of rider-updates");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                    "format", "--config", config.toString(), "--cluster-id", Uuid.randomUuid().toString() }, print);
        }
        if (rc != 0) {
            throw new IllegalStateException("Formatting the Kafka storage in " + dir + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
