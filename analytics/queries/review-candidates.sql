-- Review candidates: the bot turns `npm run bot:review` learns from, per locale. Missed turns
-- (the fallback) and turns the bot understood with low confidence (below 0.5), with the words only
-- where the caller consented to recording (redacted by the code hook before they were stored);
-- every other such turn is counted without its words. said_again_as is the intent of the caller's
-- next turn in the same call when the bot understood that one (confidence 0.5 or more): what a
-- caller who was not understood most likely meant, the review loop's evidence for a proposal.
WITH ordered AS (
  SELECT
    locale,
    outcome,
    intent,
    nluConfidence,
    text,
    lead(intent) OVER (PARTITION BY contactId ORDER BY turn) AS next_intent,
    lead(outcome) OVER (PARTITION BY contactId ORDER BY turn) AS next_outcome,
    lead(nluConfidence) OVER (PARTITION BY contactId ORDER BY turn) AS next_confidence
  FROM turns
)
SELECT
  locale,
  outcome,
  intent,
  CASE WHEN text IS NULL THEN NULL ELSE round(nluConfidence, 2) END AS confidence,
  text,
  coalesce(text, '(words not kept)') AS utterance,
  CASE
    WHEN text IS NULL OR next_outcome = 'FALLBACK' OR coalesce(next_confidence, 0) < 0.5 THEN NULL
    ELSE next_intent
  END AS said_again_as,
  count(*) AS times
FROM ordered
WHERE outcome = 'FALLBACK' OR (nluConfidence IS NOT NULL AND nluConfidence < 0.5)
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY locale, times DESC, text
