/**
 * English contractions as the words a sample utterance would use ("that's" → "that is"): the
 * local stand-in's classifier reads a turn this way, and so does the dialog's screen of turns that
 * ask for nothing yet, so both see the same words.
 */
const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\b(can)'t\b/g, '$1 not'],
  [/\bwon't\b/g, 'will not'],
  [/n't\b/g, ' not'],
  [/\blet's\b/gi, 'let us'],
  // "it's", "what's" are "is"; "the camera's lens" is a possessive: the word alone.
  [
    /\b(it|that|what|there|here|he|she|who|where|how|when|why|this|everything|nothing|something|someone|everyone)'s\b/gi,
    '$1 is',
  ],
  [/'s\b/g, ''],
  [/'d\b/g, ' would'],
  [/'m\b/g, ' am'],
  [/'ll\b/g, ' will'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
];

/** Expands English contractions (NFKC, curly apostrophes straightened); other text is unchanged. */
export function expandContractions(text: string): string {
  let out = text.normalize('NFKC').replace(/[’‘]/g, "'");
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  return out;
}
