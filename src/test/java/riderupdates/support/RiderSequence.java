package riderupdates.support;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records of the numbered riders r0..r(total-1) ({@link #line}: even numbers north, partition 0; odd south,
 * partition 1), checked one by one: which are missing, how many came more than once, and whether
 * each partition holds them in the order they were written (a record seen again later, as after a consumer's
 * restart, does not break the order; one seen for the first time after a later number does).
 */
public final class RiderSequence {

    private static final Pattern RIDER = Pattern.compile("\"name\":\"r(\\d+)\"");
    private static final Pattern PARTITION = Pattern.compile("PART:(\\d+):");

    private final int total;
    private final BitSet seen = new BitSet();
    private final Map<Integer, Integer> lastNewByPartition = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int records;
    private int duplicates;

    private RiderSequence(int total) {
        this.total = total;
    }

    /** Input line number i: "r0 north", "r1 south", ... */
    public static String line(int i) {
        return "r" + i + (i % 2 == 0 ? " north" : " south");
    }

    /** Records read back from Kafka, in offset order per partition. */
    public static RiderSequence ofRecords(int total, List<ConsumerRecord<String, String>> records) {
        RiderSequence check = new RiderSequence(total);
        records.forEach(r -> check.add(r.partition(), r.value()));
        return check;
    }

    /** Lines a consumer printed ("GROUP: [TOPIC]: PART:N: VALUE"), in the order printed. */
    public static RiderSequence ofPrinted(int total, List<String> lines) {
        RiderSequence check = new RiderSequence(total);
        for (String line : lines) {
            Matcher partition = PARTITION.matcher(line);
            check.add(partition.find() ? Integer.parseInt(partition.group(1)) : -1, line);
        }
        return check;
    }

    private void add(int partition, String value) {
        records++;
        Matcher m = RIDER.matcher(value);
        if (!m.find()) {
            problem("not a numbered rider on partition " + partition + ": " + value);
            return;
        }
        int rider = Integer.parseInt(m.group(1));
        if (partition != rider % 2) {
            problem("r" + rider + " on partition " + partition);
        }
        if (seen.get(rider)) {
            duplicates++;
            return;
        }
        seen.set(rider);
        Integer last = lastNewByPartition.put(partition, rider);
        if (last != null && last > rider) {
            problem("partition " + partition + ": r" + rider + " after r" + last);
        }
    }

    private void problem(String text) {
        if (problems.size() < 10) {
            problems.add(text);
        }
    }

    /** Records looked at, duplicates included. */
    public int records() {
        return records;
    }

    public int duplicates() {
        return duplicates;
    }

    public List<Integer> missing() {
        List<Integer> missing = new ArrayList<>();
        for (int i = seen.nextClearBit(0); i < total; i = seen.nextClearBit(i + 1)) {
            missing.add(i);
        }
        return missing;
    }

    /** Out-of-order or misplaced records (the first few), empty when every partition is in order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Fails with the missing riders and order problems, if any. */
    public void assertCompleteAndInOrder(String what) {
        List<Integer> missing = missing();
        if (!missing.isEmpty()) {
            throw new AssertionError(what + ": " + missing.size() + " of " + total + " riders missing, e.g. "
                    + missing.stream().limit(10).map(i -> "r" + i).toList() + "; " + records + " records, "
                    + duplicates + " duplicates");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(what + ": out of order or misplaced: " + problems);
        }
    }
}
