-- Intent distribution: the last intent the bot closed in each call, by locale
-- (calls that never reached the bot count as '(none)').
SELECT
  Attributes.locale AS locale,
  coalesce(Attributes.lastIntent, '(none)') AS intent,
  count(*) AS calls
FROM ctr
GROUP BY 1, 2
ORDER BY locale, calls DESC, intent
