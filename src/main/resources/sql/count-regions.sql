-- GET /api/regions: riders per latest location, lower-cased, as one JSON object {"north":12,"south":3}
SELECT CAST(coalesce(json_object_agg(region, riders ORDER BY region), '{}') AS text) AS regions
FROM (SELECT lower(location) AS region, count(*) AS riders
      FROM rider_positions
      GROUP BY lower(location)) AS per_region
