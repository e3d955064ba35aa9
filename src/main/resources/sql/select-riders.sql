-- GET /api/riders and the live stream's snapshot: every rider's latest position, sorted by name (code point order,
-- whatever the database's locale). time: ISO-8601 in UTC with milliseconds, as the stream's position events have it.
SELECT name,
       location,
       kafka_partition AS "partition",
       kafka_offset    AS "offset",
       to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "time"
FROM rider_positions
ORDER BY name COLLATE "C"
