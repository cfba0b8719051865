-- Containment by day and locale: calls that ended without reaching an agent queue.
-- Callback contacts (InitiationMethod CALLBACK: an agent calling a caller back) are not robot calls.
SELECT
  CAST(from_iso8601_timestamp(InitiationTimestamp) AS date) AS day_utc,
  Attributes.locale AS locale,
  count(*) AS calls,
  sum(CASE WHEN Queue IS NULL AND Agent IS NULL THEN 1 ELSE 0 END) AS contained,
  round(CAST(sum(CASE WHEN Queue IS NULL AND Agent IS NULL THEN 1 ELSE 0 END) AS double) / count(*), 4)
    AS containment_rate
FROM ctr
WHERE InitiationMethod <> 'CALLBACK'
GROUP BY 1, 2
ORDER BY day_utc, locale
