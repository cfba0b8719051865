-- Review candidates: the bot turns `npm run bot:review` learns from, per locale. Missed turns
-- (the fallback) and turns the bot understood with low confidence (below 0.5), with the words only
-- where the caller consented to recording (redacted by the code hook before they were stored);
-- every other such turn is counted without its words.
SELECT
  locale,
  outcome,
  intent,
  CASE WHEN text IS NULL THEN NULL ELSE round(nluConfidence, 2) END AS confidence,
  text,
  coalesce(text, '(words not kept)') AS utterance,
  count(*) AS times
FROM turns
WHERE outcome = 'FALLBACK' OR (nluConfidence IS NOT NULL AND nluConfidence < 0.5)
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY locale, times DESC, text
