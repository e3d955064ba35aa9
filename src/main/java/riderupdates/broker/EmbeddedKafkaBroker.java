package riderupdates.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.config.Folders;

/**
 * A real Apache Kafka in KRaft mode (no ZooKeeper), started in-process from the official Kafka server jars:
 * one node by default, or several on one machine ({@code bin/rider broker --nodes 3}). Each node is a combined
 * broker + controller with a static controller quorum; everything listens on loopback only.
 *
 * <p>With a data directory the nodes keep their logs across restarts (a formatted directory is not formatted
 * again); without one they use a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "localhost";
    private static final String BROKER_USER = "broker";
    private static final String BROKER_PASSWORD = Uuid.randomUuid().toString();

    /**
     * A TLS client listener: the broker's key and certificate, and the store it trusts (PKCS12, one password);
     * with {@code clientCertificates}, clients must show a certificate that store trusts (mutual TLS).
     */
    public record Tls(Path keystore, Path truststore, String password, boolean clientCertificates) {
    }

    /** One node's fixed addresses and storage, so it can be stopped and started again as itself. */
    private record Node(int id, int port, int controllerPort, Path dir) {
    }

    /** The SASL mechanism of a secured node's client listener, null for a plaintext one. */
    private final String mechanism;
    /** Users of a secured node (user to password), empty for a plaintext one. */
    private final Map<String, String> users;
    /** The TLS of the client listener, null for none. */
    private final Tls tls;
    private final Map<Integer, Node> nodes;
    private final Map<Integer, KafkaRaftServer> running = new TreeMap<>();
    private final Path dataDir;
    private final boolean temporary;
    private boolean closed;

    private EmbeddedKafkaBroker(Map<Integer, Node> nodes, Path dataDir, boolean temporary, String mechanism,
                                Map<String, String> users, Tls tls) {
        this.mechanism = mechanism;
        this.users = Map.copyOf(users);
        this.tls = tls;
        this.nodes = nodes;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /** One node on a free port, with a temporary data directory. */
    public static EmbeddedKafkaBroker start() {
        return start(1, 0, null);
    }

    /** One node. */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(1, port, dataDir);
    }

    /**
     * Starts a cluster and waits until every node runs.
     *
     * @param nodeCount how many nodes
     * @param port      the first node's client port (the next nodes take the following ports), or 0 for free ports
     * @param dataDir   where the nodes keep their data (one node: the directory itself; several: node-N under it),
     *                  or null for a temporary directory deleted on close
     */
    public static EmbeddedKafkaBroker start(int nodeCount, int port, Path dataDir) {
        return start(nodeCount, port, dataDir, null, Map.of(), null);
    }

    /**
     * One node on a free port whose client listener takes SASL/SCRAM-SHA-512 credentials only (no TLS: loopback),
     * for trying and testing secured-cluster settings.
     *
     * @param users user name to password
     */
    public static EmbeddedKafkaBroker startSecured(Map<String, String> users) {
        return startSecured("SCRAM-SHA-512", users);
    }

    /**
     * The same with the given SASL mechanism: SCRAM-SHA-512 (users stored in the cluster's metadata) or PLAIN
     * (users listed in the broker's own login configuration).
     */
    public static EmbeddedKafkaBroker startSecured(String mechanism, Map<String, String> users) {
        if (!mechanism.equals("SCRAM-SHA-512") && !mechanism.equals("PLAIN")) {
            throw new IllegalArgumentException("A secured broker takes SCRAM-SHA-512 or PLAIN, not " + mechanism);
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("A secured broker needs at least one user");
        }
        return start(1, 0, null, mechanism, users, null);
    }

    /** One node on a free port whose client listener speaks TLS only (security.protocol=SSL), with this key. */
    public static EmbeddedKafkaBroker startTls(Tls tls) {
        return start(1, 0, null, null, Map.of(), tls);
    }

    private static EmbeddedKafkaBroker start(int nodeCount, int port, Path dataDir, String mechanism, Map<String, String> users,
                                             Tls tls) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node, not " + nodeCount);
        }
        long started = System.nanoTime();
        int[][] ports = listenerPorts(nodeCount, port);
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("rider-updates-kafka-") : Files.createDirectories(dataDir);
            Map<Integer, Node> nodes = new TreeMap<>();
            for (int id = 1; id <= nodeCount; id++) {
                Path nodeDir = nodeCount == 1 ? dir : Files.createDirectories(dir.resolve("node-" + id));
                nodes.put(id, new Node(id, ports[id - 1][0], ports[id - 1][1], nodeDir));
            }
            EmbeddedKafkaBroker cluster = new EmbeddedKafkaBroker(nodes, dir, temporary, mechanism, users, tls);
            String clusterId = Uuid.randomUuid().toString();
            for (Node node : nodes.values()) {
                format(node, cluster.serverProperties(node), clusterId, cluster.scramCredentials());
            }
            // with several nodes each waits for the controller quorum: start them side by side
            try {
                CompletableFuture.allOf(nodes.keySet().stream()
                        .map(id -> CompletableFuture.runAsync(() -> cluster.startNode(id)))
                        .toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                cluster.close(); // the nodes that did start, and a temporary directory
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("The embedded Kafka did not start: " + cause.getMessage(), cause);
            }
            LOG.info("Embedded Kafka ({} KRaft node{}) listening on {} with data in {}, started in {} ms", nodeCount,
                    nodeCount == 1 ? "" : "s", cluster.bootstrapServers(), dir, (System.nanoTime() - started) / 1_000_000);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the embedded Kafka data directory", e);
        }
    }

    /** Each node's client and controller ports: the client ports from {@code port} on, or free ones when it is 0. */
    private static int[][] listenerPorts(int nodeCount, int port) {
        int[][] ports = new int[nodeCount][];
        try (FreePorts free = new FreePorts()) {
            for (int id = 1; port != 0 && id <= nodeCount; id++) {
                free.avoid(port + id - 1);
            }
            for (int id = 1; id <= nodeCount; id++) {
                ports[id - 1] = new int[] {port == 0 ? free.next() : port + id - 1, free.next()};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free loopback ports for the embedded Kafka", e);
        }
        return ports;
    }

    /** The addresses clients connect to, e.g. {@code localhost:9092} or {@code localhost:9092,localhost:9093,...}. */
    public String bootstrapServers() {
        return nodes.values().stream().map(node -> HOST + ":" + node.port()).collect(Collectors.joining(","));
    }

    public Path dataDir() {
        return dataDir;
    }

    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** Starts a stopped node again, on its own ports and data. */
    public void startNode(int id) {
        Node node = nodes.get(id);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(serverProperties(node), false), Time.SYSTEM);
        server.startup();
        synchronized (running) {
            running.put(id, server);
        }
    }

    /** Stops one node (a broker failure, as far as clients can tell) and waits until it is down. */
    public void stopNode(int id) {
        KafkaRaftServer server;
        synchronized (running) {
            server = running.remove(id);
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /**
     * Stops every running node, all at once (one after another would hang for minutes once the controller
     * quorum is gone), and deletes the data directory when it was temporary.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        List<Integer> ids;
        synchronized (running) {
            ids = new ArrayList<>(running.keySet());
        }
        CompletableFuture.allOf(ids.stream().map(id -> CompletableFuture.runAsync(() -> stopNode(id)))
                .toArray(CompletableFuture[]::new)).join();
        LOG.info("Embedded Kafka stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private Properties serverProperties(Node node) {
        int size = nodes.size();
        String voters = nodes.values().stream().map(n -> n.id() + "@" + HOST + ":" + n.controllerPort())
                .collect(Collectors.joining(","));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node.id()));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + node.port() + ",CONTROLLER://" + HOST + ":" + node.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + node.port());
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        if (mechanism != null) {
            // the client listener takes these credentials only; the broker talks to itself over it as BROKER_USER
            props.put("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("sasl.mechanism.inter.broker.protocol", mechanism);
            props.put("listener.name.plaintext.sasl.enabled.mechanisms", mechanism);
            props.put("listener.name.plaintext." + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", brokerLogin());
        }
        if (tls != null) {
            // the client listener speaks TLS; the broker, its own client over it, trusts the same store
            props.put("listener.security.protocol.map", "PLAINTEXT:SSL,CONTROLLER:PLAINTEXT");
            String listener = "listener.name.plaintext.";
            props.put(listener + "ssl.keystore.type", "PKCS12");
            props.put(listener + "ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
            props.put(listener + "ssl.keystore.password", tls.password());
            props.put(listener + "ssl.key.password", tls.password());
            props.put(listener + "ssl.truststore.type", "PKCS12");
            props.put(listener + "ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
            props.put(listener + "ssl.truststore.password", tls.password());
            props.put(listener + "ssl.client.auth", tls.clientCertificates() ? "required" : "none");
        }
        props.put("log.dirs", node.dir().toAbsolutePath().toString());
        // internal topics: three replicas where there are three nodes, as in production; one on a single node
        String replicas = String.valueOf(Math.min(3, size));
        String minInSync = String.valueOf(Math.min(2, size));
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minInSync);
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minInSync);
        // Consumers join at once instead of waiting 3 s for more members
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /**
     * The broker's own login; with PLAIN it also lists every user the listener accepts ({@code user_NAME="PASSWORD"}),
     * where SCRAM finds them in the metadata.
     */
    private String brokerLogin() {
        if (mechanism.equals("PLAIN")) {
            StringBuilder login = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + BROKER_USER + "\" password=\"" + BROKER_PASSWORD + "\"");
            allUsers().forEach((user, password) -> login.append(" user_").append(user).append("=\"").append(password).append('"'));
            return login.append(';').toString();
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + BROKER_USER
                + "\" password=\"" + BROKER_PASSWORD + "\";";
    }

    /** StorageTool arguments that store the SCRAM users (and the broker's own) in the new cluster's metadata. */
    private List<String> scramCredentials() {
        List<String> args = new ArrayList<>();
        if ("SCRAM-SHA-512".equals(mechanism)) {
            allUsers().forEach((user, password) -> {
                args.add("--add-scram");
                args.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
            });
        }
        return args;
    }

    private Map<String, String> allUsers() {
        Map<String, String> all = new TreeMap<>(users);
        all.put(BROKER_USER, BROKER_PASSWORD);
        return all;
    }

    /** Formats a node's storage like {@code kafka-storage.sh format}, once: a kept directory keeps its data. */
    private static void format(Node node, Properties props, String clusterId, List<String> extraArgs) throws IOException {
        if (Files.exists(node.dir().resolve("meta.properties"))) {
            return;
        }
        Path config = node.dir().resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "embedded Kafka node of rider-updates");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>(List.of("format", "--config", config.toString(), "--cluster-id", clusterId));
            args.addAll(extraArgs);
            rc = StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (rc != 0) {
            throw new IllegalStateException("Formatting the Kafka storage in " + node.dir() + " failed: " + output);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
