package riderupdates.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import riderupdates.config.RiderSettings;

/**
 * The region to partition map (tutorial default: north -> 0, every other region -> 1).
 * Regions match case-insensitively; a region not in the map goes to the default partition.
 */
public final class RegionPartitioner {

    private final Map<String, Integer> partitions;
    private final int defaultPartition;

    public RegionPartitioner(Map<String, Integer> regions, int defaultPartition) {
        if (defaultPartition < 0) {
            throw new IllegalArgumentException("The default partition must be 0 or more, not " + defaultPartition);
        }
        Map<String, Integer> normalised = new LinkedHashMap<>();
        regions.forEach((region, partition) -> {
            if (partition == null || partition < 0) {
                throw new IllegalArgumentException("Region '" + region + "' must map to a partition of 0 or more, not " + partition);
            }
            normalised.put(region.toLowerCase(Locale.ROOT), partition);
        });
        this.partitions = Collections.unmodifiableMap(normalised);
        this.defaultPartition = defaultPartition;
    }

    /** The map of {@code rider.regions.*} and {@code rider.default-partition}. */
    public static RegionPartitioner fromSettings(RiderSettings settings) {
        return new RegionPartitioner(settings.regions(), settings.getInt("rider.default-partition"));
    }

    public int partitionFor(String location) {
        return partitions.getOrDefault(location.toLowerCase(Locale.ROOT), defaultPartition);
    }

    /** The fewest partitions a topic needs for every partition this map can choose to exist. */
    public int requiredPartitions() {
        int highest = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return Math.max(highest, defaultPartition) + 1;
    }

    public Map<String, Integer> regions() {
        return partitions;
    }

    public int defaultPartition() {
        return defaultPartition;
    }

    @Override
    public String toString() {
        return partitions + ", any other region -> " + defaultPartition;
    }
}
