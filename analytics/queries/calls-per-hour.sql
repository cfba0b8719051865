-- Calls per hour of the day (UTC), for staffing and capacity planning.
SELECT
  hour(from_iso8601_timestamp(InitiationTimestamp)) AS hour_utc,
  count(*) AS calls
FROM ctr
GROUP BY 1
ORDER BY hour_utc
