package riderupdates.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.config.RiderSettings;

class RiderDatabaseTest {

    @Test
    void embeddedPostgresKeepsItsDataInTheGivenFolderAcrossRestarts(@TempDir Path data) throws Exception {
        RiderSettings settings = RiderSettings.load(Map.of("rider.db.data", data.toString()));
        try (RiderDatabase db = RiderDatabase.open(settings)) {
            assertTrue(db.embeddedPort().isPresent());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("insert into rider_positions (name, location, kafka_partition, kafka_offset, event_time) "
                        + "values ('tony', 'north', 0, 7, now())");
            }
        }
        try (RiderDatabase db = RiderDatabase.open(settings);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select name, location, kafka_offset, (select max(version) from flyway_schema_history) "
                     + "from rider_positions")) {
            assertTrue(rows.next());
            assertEquals("tony", rows.getString(1));
            assertEquals("north", rows.getString(2));
            assertEquals(7, rows.getLong(3));
            assertEquals("1", rows.getString(4));
        }
    }
}
