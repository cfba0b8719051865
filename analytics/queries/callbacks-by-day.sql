-- Out-of-hours callback offers by day and locale, from the flow's `callback` attribute (absent when
-- no callback was offered: the agents were open, or the caller ID was withheld). The callback
-- contacts Connect creates (InitiationMethod CALLBACK) are not counted as offers.
SELECT
  CAST(from_iso8601_timestamp(InitiationTimestamp) AS date) AS day_utc,
  Attributes.locale AS locale,
  count(*) AS offers,
  sum(CASE WHEN Attributes.callback = 'QUEUED' THEN 1 ELSE 0 END) AS queued,
  sum(CASE WHEN Attributes.callback = 'DECLINED' THEN 1 ELSE 0 END) AS declined,
  sum(CASE WHEN Attributes.callback IN ('NO_NUMBER', 'FAILED') THEN 1 ELSE 0 END) AS not_possible
FROM ctr
WHERE Attributes.callback IS NOT NULL
  AND InitiationMethod <> 'CALLBACK'
GROUP BY 1, 2
ORDER BY day_utc, locale
