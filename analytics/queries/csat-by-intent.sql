-- Caller satisfaction by intent: the post-call survey's keypad score (1 poor .. 5 excellent) per
-- intent the bot handled in the call, by locale. A call counts once per intent; calls whose caller
-- did not answer the survey are counted in `calls` but not in the score. `resolved_rate` is the
-- share of "yes" among the callers who answered the follow-up ("was what you called about sorted
-- out?"); `low_scores` are the calls rated 1 or 2, which open a back-office case (`surveyCase`
-- says whether it was opened).
-- Callback contacts (InitiationMethod CALLBACK: an agent calling a caller back) are not robot calls.
SELECT
  Attributes.locale AS locale,
  intent,
  count(DISTINCT ContactId) AS calls,
  count(DISTINCT CASE WHEN Attributes.surveyScore IS NOT NULL THEN ContactId END) AS rated,
  round(avg(CAST(Attributes.surveyScore AS double)), 2) AS avg_score,
  count(DISTINCT CASE WHEN Attributes.surveyScore IN ('1', '2') THEN ContactId END) AS low_scores,
  round(
    CAST(count(DISTINCT CASE WHEN Attributes.surveyResolved = 'yes' THEN ContactId END) AS double)
      / nullif(count(DISTINCT CASE WHEN Attributes.surveyResolved IS NOT NULL THEN ContactId END), 0),
    4
  ) AS resolved_rate
FROM ctr
CROSS JOIN UNNEST(split(coalesce(nullif(Attributes.intents, ''), '(none)'), ',')) AS t (intent)
WHERE InitiationMethod <> 'CALLBACK'
GROUP BY 1, 2
ORDER BY locale, rated DESC, intent
