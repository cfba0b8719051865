-- Consent rate by day and locale: share of callers who allowed recording (COMPLIANCE C2, C3),
-- and how many of those grants were later withdrawn (C14).
WITH withdrawn AS (
  SELECT DISTINCT contactId FROM consents WHERE event = 'WITHDRAWN'
)
SELECT
  CAST(from_iso8601_timestamp(decidedAt) AS date) AS day_utc,
  locale,
  count(*) AS decisions,
  sum(CASE WHEN decision = 'GRANTED' THEN 1 ELSE 0 END) AS granted,
  round(CAST(sum(CASE WHEN decision = 'GRANTED' THEN 1 ELSE 0 END) AS double) / count(*), 4) AS consent_rate,
  sum(CASE WHEN decision = 'GRANTED' AND w.contactId IS NOT NULL THEN 1 ELSE 0 END) AS withdrawn
FROM consents c
LEFT JOIN withdrawn w ON w.contactId = c.contactId
WHERE c.event = 'DECISION'
GROUP BY 1, 2
ORDER BY day_utc, locale
