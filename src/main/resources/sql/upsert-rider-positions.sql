-- A poll's newest update of each rider, in one statement (one transaction): the arrays come from the
-- positionBatch bean, one element per rider, sorted by name (two stores upserting at once lock rows in one order).
-- An update replaces the stored position only when it is newer by the record's timestamp, or as new and later in
-- the same partition; a tie across partitions keeps the position already stored. RETURNING: the rows changed.
INSERT INTO rider_positions AS p (name, location, kafka_partition, kafka_offset, event_time, stored_at)
SELECT u.name, u.location, u.kafka_partition, u.kafka_offset,
       timestamptz 'epoch' + u.event_millis * interval '1 millisecond', now()
FROM unnest(CAST(:#riderNames AS text[]), CAST(:#riderLocations AS text[]), CAST(:#riderPartitions AS integer[]),
            CAST(:#riderOffsets AS bigint[]), CAST(:#riderTimes AS bigint[]))
     AS u (name, location, kafka_partition, kafka_offset, event_millis)
ON CONFLICT (name) DO UPDATE
   SET location = EXCLUDED.location, kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset,
       event_time = EXCLUDED.event_time, stored_at = EXCLUDED.stored_at
 WHERE p.event_time < EXCLUDED.event_time
    OR (p.event_time = EXCLUDED.event_time AND p.kafka_partition = EXCLUDED.kafka_partition
        AND p.kafka_offset < EXCLUDED.kafka_offset)
RETURNING name, location, kafka_partition, kafka_offset, event_time
