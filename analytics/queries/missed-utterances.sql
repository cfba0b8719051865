-- Missed utterances: what callers said when the bot did not understand them (the fallback), from the
-- bot's own turn records. The redacted words are kept only for callers who consented to recording;
-- every other miss is counted, without its words.
SELECT
  locale,
  coalesce(text, '(words not kept: the caller did not consent)') AS utterance,
  count(*) AS times
FROM turns
WHERE outcome = 'FALLBACK'
GROUP BY 1, 2
ORDER BY times DESC, locale, utterance
