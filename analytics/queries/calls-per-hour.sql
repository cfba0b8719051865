-- Calls per hour of the day (UTC), for staffing and capacity planning.
-- Callback contacts (InitiationMethod CALLBACK: an agent calling a caller back) are not robot calls.
SELECT
  hour(from_iso8601_timestamp(InitiationTimestamp)) AS hour_utc,
  count(*) AS calls
FROM ctr
WHERE InitiationMethod <> 'CALLBACK'
GROUP BY 1
ORDER BY hour_utc
