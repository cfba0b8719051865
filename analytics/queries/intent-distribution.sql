-- Intent distribution: how many calls handled each intent, by locale. A call counts once per
-- intent. The intents come from the contact attribute `intents`, which the flow copies from the
-- bot's session when the bot hands the call back (agent, goodbye, payment); calls that never
-- reached the bot, or hung up inside it, count as '(none)'.
-- Callback contacts (InitiationMethod CALLBACK: an agent calling a caller back) are not robot calls.
SELECT
  Attributes.locale AS locale,
  intent,
  count(DISTINCT ContactId) AS calls
FROM ctr
CROSS JOIN UNNEST(split(coalesce(nullif(Attributes.intents, ''), '(none)'), ',')) AS t (intent)
WHERE InitiationMethod <> 'CALLBACK'
GROUP BY 1, 2
ORDER BY locale, calls DESC, intent
