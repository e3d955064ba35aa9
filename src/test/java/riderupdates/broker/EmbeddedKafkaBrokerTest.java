package riderupdates.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.admin.TopicAdmin;
import riderupdates.support.KafkaRecords;

class EmbeddedKafkaBrokerTest {

    @Test
    void aRealKraftBrokerThatKeepsItsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        String topic = "kept";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dataDir)) {
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers(), Duration.ofSeconds(20))) {
                admin.ensureTopic(topic, 2, (short) 1, 2);
            }
            assertEquals(1, clusterSize(broker.bootstrapServers()));
            KafkaRecords.sendAsTutorialProducer(broker.bootstrapServers(), topic,
                    List.of(KafkaRecords.tutorialRecord(topic, "tony", "north")));
        }
        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(0, dataDir)) {
            assertEquals(List.of("{\"name\":\"tony\",\"location\":\"north\"}"),
                    KafkaRecords.readAll(restarted.bootstrapServers(), topic, 1, Duration.ofSeconds(20)).stream()
                            .map(r -> r.value()).toList());
        }
        // a kept data directory stays
        assertEquals(true, Files.exists(dataDir.resolve("meta.properties")));
    }

    @Test
    void aTemporaryDataDirectoryIsRemovedAtClose() {
        Path dir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            dir = broker.dataDir();
        }
        assertFalse(Files.exists(dir));
    }

    private static int clusterSize(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().nodes().get().size();
        }
    }
}
