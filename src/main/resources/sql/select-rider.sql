-- GET /api/riders/{name}: one rider's latest position; the name is a bound parameter
SELECT name,
       location,
       kafka_partition AS "partition",
       kafka_offset    AS "offset",
       to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "time"
FROM rider_positions
WHERE name = :#name
