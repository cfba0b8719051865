/**
 * Reads a consent prompt the way a caller hears it: which key does it offer for allowing the
 * recording, and which for declining? The consent Lambda maps exactly one key to GRANTED, so a
 * prompt that says "to decline, press 1" while 1 grants records every caller who meant to say no.
 *
 * The reading is deliberately plain: the text is cut into clauses at sentence marks, commas and
 * "or"/或; a clause that names a key and says what it is for gives one mapping; a clause that says
 * what the next key is for ("同意录音，" then "请按1") gives it together with the following clause.
 * Decline words are tested first, since most of them contain an allow word (不同意 ⊃ 同意,
 * "do not allow" ⊃ "allow"). A prompt the reading cannot map fully is reported, never guessed.
 */

/** What a prompt offers. */
export interface OfferedKeys {
  /** The key the prompt says allows recording, if it says exactly one. */
  readonly allow: string | undefined;
  /** The key the prompt says declines, if it says exactly one. */
  readonly decline: string | undefined;
  /** Keys the prompt names for more than one purpose, or one purpose with several keys. */
  readonly ambiguous: boolean;
}

const DECLINE_WORDS =
  /\b(?:decline|declining|refuse|object|disagree|no|not|don'?t|do not|deny|reject|opt out)\b|不同意|不允许|拒绝|不愿意|不要|不接受|不想/i;
const ALLOW_WORDS =
  /\b(?:allow|agree|accept|consent|permit|yes|okay|ok|record(?:ed|ing)?)\b|同意|允许|接受|愿意|可以录音/i;

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** Keys a clause names: digits, star and hash, or number words after "press"/按. */
function keysIn(clause: string): string[] {
  const keys: string[] = [];
  for (const m of clause.matchAll(/(?<![0-9])([0-9*#])(?![0-9])/g)) keys.push(m[1] as string);
  for (const m of clause.matchAll(
    /\b(?:press|key|dial)\s+(zero|one|two|three|four|five|six|seven|eight|nine)\b/gi,
  )) {
    keys.push(NUMBER_WORDS[(m[1] as string).toLowerCase()] as string);
  }
  for (const m of clause.matchAll(/按\s*([零一二三四五六七八九])/g))
    keys.push(NUMBER_WORDS[m[1] as string] as string);
  return keys;
}

/** What a clause says its key is for. */
function purposeOf(clause: string): 'allow' | 'decline' | undefined {
  if (DECLINE_WORDS.test(clause)) return 'decline';
  if (ALLOW_WORDS.test(clause)) return 'allow';
  return undefined;
}

/** Reads the keys a consent prompt offers for allowing and for declining. */
export function offeredKeys(text: string): OfferedKeys {
  const clauses = text
    .split(/[.!?;。！？；,，、]|\bor\b|或者|或/i)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  const found: { allow: Set<string>; decline: Set<string> } = { allow: new Set(), decline: new Set() };
  let pending: 'allow' | 'decline' | undefined;
  for (const clause of clauses) {
    const keys = keysIn(clause);
    const purpose = purposeOf(clause);
    if (keys.length === 0) {
      // "To allow recording of this call," — the key follows in the next clause.
      pending = purpose;
      continue;
    }
    const use = purpose ?? pending;
    pending = undefined;
    if (use === undefined) continue;
    for (const key of keys) found[use].add(key);
  }
  const one = (keys: Set<string>) => (keys.size === 1 ? [...keys][0] : undefined);
  const overlap = [...found.allow].some((k) => found.decline.has(k));
  return {
    allow: one(found.allow),
    decline: one(found.decline),
    ambiguous: overlap || found.allow.size > 1 || found.decline.size > 1,
  };
}
