package riderupdates.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import riderupdates.cli.RiderProcess;

/**
 * The main command against Kafka in a container (the official apache/kafka image, as in docker-compose.yml).
 * Runs where a Docker engine is available; elsewhere JUnit skips it, saying so.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.3.1"));

    @Test
    void stdinLinesReachTheirPartitionsAndEveryGroupPrintsThem() throws Exception {
        try (RiderProcess rider = RiderProcess.start("run", "--brokers", KAFKA.getBootstrapServers(), "--group", "g1", "--group", "g2")) {
            rider.pipe("tony south\ntony north\nasha north\n");
            assertEquals(0, rider.awaitExit(Duration.ofSeconds(120)), rider.stderr());
            for (String group : List.of("g1", "g2")) {
                assertEquals(List.of(
                                group + ": [rider-updates]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}",
                                group + ": [rider-updates]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                                group + ": [rider-updates]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}"),
                        rider.stdout().stream().filter(l -> l.startsWith(group + ":")).sorted().toList());
            }
        }
    }
}
