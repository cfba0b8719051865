-- Missed utterances: what callers said (redacted) right before the bot answered with its fallback
-- prompt. The prompt prefixes must match lambdas/fulfillment/messages.ts (a unit test checks it).
WITH turns AS (
  SELECT
    contactId,
    locale,
    seq,
    participant,
    content,
    lead(participant) OVER (PARTITION BY contactId ORDER BY seq) AS next_participant,
    lead(content) OVER (PARTITION BY contactId ORDER BY seq) AS next_content
  FROM transcripts
)
SELECT
  locale,
  content AS utterance,
  count(*) AS times
FROM turns
WHERE participant = 'CUSTOMER'
  AND next_participant = 'SYSTEM'
  AND (next_content LIKE 'Sorry, I didn''t catch that.%' OR next_content LIKE '抱歉，我没有听清。%')
GROUP BY 1, 2
ORDER BY times DESC, locale, utterance
