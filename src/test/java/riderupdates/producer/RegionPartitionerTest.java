package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RegionPartitionerTest {

    @Test
    void theTutorialsRuleNorthToZeroEverythingElseToOne() {
        RegionPartitioner partitioner = new RegionPartitioner(Map.of("north", 0), 1);
        assertEquals(0, partitioner.partitionFor("north"));
        assertEquals(0, partitioner.partitionFor("North"));
        assertEquals(1, partitioner.partitionFor("south"));
        assertEquals(1, partitioner.partitionFor("anywhere"));
        assertEquals(2, partitioner.requiredPartitions());
    }

    @Test
    void requiredPartitionsFollowTheHighestPartitionNamed() {
        assertEquals(3, new RegionPartitioner(Map.of("north", 0, "east", 2), 1).requiredPartitions());
        assertEquals(5, new RegionPartitioner(Map.of("north", 0), 4).requiredPartitions());
        assertEquals(1, new RegionPartitioner(Map.of(), 0).requiredPartitions());
    }

    @Test
    void negativePartitionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RegionPartitioner(Map.of("north", -1), 1));
        assertThrows(IllegalArgumentException.class, () -> new RegionPartitioner(Map.of(), -1));
    }
}
