-- Average call duration by locale, in seconds, from the contact record timestamps.
-- Callback contacts (InitiationMethod CALLBACK: an agent calling a caller back) are not robot calls.
SELECT
  Attributes.locale AS locale,
  count(*) AS calls,
  round(
    avg(date_diff('millisecond', from_iso8601_timestamp(InitiationTimestamp),
      from_iso8601_timestamp(DisconnectTimestamp))) / 1000,
    3
  ) AS avg_duration_seconds
FROM ctr
WHERE InitiationMethod <> 'CALLBACK'
GROUP BY 1
ORDER BY locale
