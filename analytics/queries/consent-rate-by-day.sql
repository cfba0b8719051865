-- Consent rate by day and locale: share of callers who allowed recording (COMPLIANCE C2, C3).
SELECT
  CAST(from_iso8601_timestamp(decidedAt) AS date) AS day_utc,
  locale,
  count(*) AS decisions,
  sum(CASE WHEN decision = 'GRANTED' THEN 1 ELSE 0 END) AS granted,
  round(CAST(sum(CASE WHEN decision = 'GRANTED' THEN 1 ELSE 0 END) AS double) / count(*), 4) AS consent_rate
FROM consents
GROUP BY 1, 2
ORDER BY day_utc, locale
