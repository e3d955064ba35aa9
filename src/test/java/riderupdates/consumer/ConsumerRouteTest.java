package riderupdates.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.component.mock.MockEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.KafkaRecords;
import riderupdates.support.LogCapture;
import riderupdates.support.RouteFiles;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** The YAML consumer template on camel-main against a real broker, fed the way the tutorial's kafkajs producer writes. */
@ExtendWith(SharedKafkaBroker.class)
class ConsumerRouteTest {

    private static final long WAIT_SECONDS = 20;
    /** log4j2.properties' logger.rebalance: at INFO, each consumer's assigned and revoked partitions */
    private static final String REBALANCE_LOGGER = "org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker";

    @Test
    void everyGroupPrintsEveryRecordInTheTutorialsExactFormat() throws Exception {
        String topic = KafkaRecords.uniqueTopic("consumer");
        try (RiderApplication app = TestApplications.start(TestApplications.topic(topic), Set.of(Role.CONSUMER), List.of("g1", "g2"))) {
            KafkaRecords.sendAsTutorialProducer(SharedKafkaBroker.bootstrapServers(), topic, List.of(
                    KafkaRecords.tutorialRecord(topic, "tony", "south"),
                    KafkaRecords.tutorialRecord(topic, "tony", "north"),
                    KafkaRecords.tutorialRecord(topic, "asha", "north")));

            TestApplications.awaitPrinted(app, "g1", 3, Duration.ofSeconds(WAIT_SECONDS));
            TestApplications.awaitPrinted(app, "g2", 3, Duration.ofSeconds(WAIT_SECONDS));
            List<String> printed = TestApplications.printed(app);
            for (String group : List.of("g1", "g2")) {
                // per partition the order is the order written; across partitions it may vary
                assertEquals(List.of(
                        group + ": [" + topic + "]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                        group + ": [" + topic + "]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}"),
                        printed.stream().filter(line -> line.startsWith(group + ": ") && line.contains("PART:0")).toList());
                assertEquals(List.of(group + ": [" + topic + "]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}"),
                        printed.stream().filter(line -> line.startsWith(group + ": ") && line.contains("PART:1")).toList());
            }
            assertEquals(6, printed.size());
        }
    }

    @Test
    void aRecordTheRouteCannotHandleStopsTheApplicationAndIsNotCommitted(@TempDir Path routes) throws Exception {
        String topic = KafkaRecords.uniqueTopic("consumer-poison");
        RouteFiles.copyTo(routes);
        // an edit of the template that throws on a poll holding one record
        Path template = routes.resolve("consumer.camel.yaml");
        String original = Files.readString(template);
        String print = "          - process:\n              # the poll's lines";
        assertTrue(original.contains(print));
        Files.writeString(template, original.replace(print, String.join("\n",
                "          - split:",
                "              simple: \"${body}\"",
                "              stopOnException: true",
                "              steps:",
                "                - filter:",
                "                    simple: \"${body.getMessage().getBody()} contains 'poison'\"",
                "                    steps:",
                "                      - throwException:",
                "                          exceptionType: java.lang.IllegalArgumentException",
                "                          message: a poison record",
                print)));
        try (LogCapture log = new LogCapture("riderupdates.consumer.StopOnFailedRecord");
             RiderApplication app = TestApplications.start(SharedKafkaBroker.bootstrapServers(), routes, false,
                     TestApplications.topic(topic), Set.of(Role.CONSUMER), List.of("gp"))) {
            KafkaRecords.sendAsTutorialProducer(SharedKafkaBroker.bootstrapServers(), topic, List.of(
                    KafkaRecords.tutorialRecord(topic, "tony", "north")));
            TestApplications.awaitPrinted(app, "gp", 1, Duration.ofSeconds(WAIT_SECONDS));
            // tony's poll is printed and committed before the poison is written: it comes in a poll of its own
            try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), Duration.ofSeconds(10))) {
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> Long.valueOf(1).equals(admin.committedOffsets("gp", topic).get(0)));
            }
            KafkaRecords.sendAsTutorialProducer(SharedKafkaBroker.bootstrapServers(), topic, List.of(
                    KafkaRecords.tutorialRecord(topic, "poison", "north")));
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> !app.isRunning());
            assertTrue(String.join("\n", log.messages()).contains(
                    "rider: group gp could not handle the record at partition 0 offset 1: a poison record"), log.messages().toString());
        }
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), Duration.ofSeconds(10))) {
            // the record before it is committed; the group goes on from the one it could not handle, not past it
            assertEquals(1L, admin.committedOffsets("gp", topic).get(0));
        }
    }

    @Test
    void recordsWrittenBeforeTheGroupStartedArePrintedFromTheBeginning() throws Exception {
        String topic = KafkaRecords.uniqueTopic("consumer-earliest");
        Map<String, String> overrides = TestApplications.topic(topic);
        // the topic and its records exist before any consumer of the group
        try (RiderApplication producer = TestApplications.start(overrides, TestApplications.PRODUCER, List.of())) {
            TestApplications.sendLines(producer, "tony north");
        }
        try (RiderApplication app = TestApplications.start(overrides, Set.of(Role.CONSUMER), List.of("late"))) {
            MockEndpoint printed = app.camelContext().getEndpoint(TestApplications.PRINTED, MockEndpoint.class);
            printed.expectedBodiesReceived("late: [" + topic + "]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}");
            printed.assertIsSatisfied(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
    }

    @Test
    void aSecondConsumerJoiningTheGroupTakesOnePartitionAndBothLogTheRebalance() throws Exception {
        String topic = KafkaRecords.uniqueTopic("consumer-split");
        String group = "shared-" + topic;
        Map<String, String> overrides = TestApplications.topic(topic);
        try (LogCapture rebalances = new LogCapture(REBALANCE_LOGGER);
             RiderApplication first = TestApplications.start(overrides, Set.of(Role.CONSUMER), List.of(group))) {
            await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                    .until(() -> rebalanceLines(rebalances, group, "Adding newly assigned partitions").size() == 1);
            Rebalance alone = rebalanceLines(rebalances, group, "Adding newly assigned partitions").get(0);
            assertEquals(Set.of(0, 1), alone.partitions(topic), alone.line());

            try (RiderApplication second = TestApplications.start(overrides, Set.of(Role.CONSUMER), List.of(group))) {
                awaitEachMemberHoldsOnePartition(group);
                // the newcomer logs the partition it got; the first consumer logs giving it up
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> rebalanceLines(rebalances, group,
                        "Adding newly assigned partitions").stream().anyMatch(r -> !r.clientId().equals(alone.clientId())));
                Rebalance joined = rebalanceLines(rebalances, group, "Adding newly assigned partitions").stream()
                        .filter(r -> !r.clientId().equals(alone.clientId())).findFirst().orElseThrow();
                assertEquals(1, joined.partitions(topic).size(), joined.line());
                int taken = joined.partitions(topic).iterator().next();
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> rebalanceLines(rebalances, group,
                        "Revoke previously assigned partitions").stream()
                        .anyMatch(r -> r.clientId().equals(alone.clientId()) && r.partitions(topic).contains(taken)));

                List<ProducerRecord<String, String>> records = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    records.add(KafkaRecords.tutorialRecord(topic, "rider" + i, i % 2 == 0 ? "north" : "south"));
                }
                KafkaRecords.sendAsTutorialProducer(SharedKafkaBroker.bootstrapServers(), topic, records);
                TestApplications.awaitPrinted(first, group, 5, Duration.ofSeconds(WAIT_SECONDS));
                TestApplications.awaitPrinted(second, group, 5, Duration.ofSeconds(WAIT_SECONDS));

                Set<String> firstPartitions = partitionsPrinted(first);
                Set<String> secondPartitions = partitionsPrinted(second);
                assertEquals(Set.of("PART:" + (1 - taken)), firstPartitions, "the first consumer keeps the other partition");
                assertEquals(Set.of("PART:" + taken), secondPartitions, "the newcomer prints the partition it logged");
                assertEquals(10, TestApplications.printed(first).size() + TestApplications.printed(second).size());
            }
        }
    }

    /** A line of the rebalance logger: which consumer (client id) of the group, the line, and what follows the event. */
    private record Rebalance(String clientId, String line, String detail) {
        Set<Integer> partitions(String topic) {
            Set<Integer> partitions = new TreeSet<>();
            Matcher m = Pattern.compile(Pattern.quote(topic) + "-(\\d+)").matcher(detail);
            while (m.find()) {
                partitions.add(Integer.parseInt(m.group(1)));
            }
            return partitions;
        }
    }

    private static List<Rebalance> rebalanceLines(LogCapture log, String group, String event) {
        Pattern member = Pattern.compile("clientId=([^,\\]]+), groupId=" + Pattern.quote(group) + "\\]");
        List<Rebalance> lines = new ArrayList<>();
        for (String line : log.messages()) {
            Matcher m = member.matcher(line);
            if (line.contains(event) && m.find()) {
                lines.add(new Rebalance(m.group(1), line, line.substring(line.indexOf(event) + event.length())));
            }
        }
        return lines;
    }

    private static void awaitEachMemberHoldsOnePartition(String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                List<MemberDescription> members = List.copyOf(description.members());
                return members.size() == 2 && members.stream().allMatch(m -> m.assignment().topicPartitions().size() == 1);
            });
        }
    }

    private static Set<String> partitionsPrinted(RiderApplication app) {
        return TestApplications.printed(app).stream().map(line -> line.replaceAll(".*(PART:\\d+).*", "$1")).collect(Collectors.toSet());
    }
}
