import { findEntities } from './entities';
import { applyFindings, redact } from './redact';
import type { Finding, RedactOptions, RedactResult } from './types';

/**
 * The whole redactor: numbers and e-mail addresses ({@link redact}) plus person names, postal
 * addresses and sensitive facts. Overlapping findings merge into one span that takes the type of
 * the longer, so no part of either stays readable. For transcripts and stored turn texts; the bot's
 * code hook uses {@link redact} alone (see entities.ts).
 *
 * @param text transcript text as Amazon Transcribe writes it
 * @param options the transcript's locale (names and addresses need it; en-US when absent)
 */
export function redactAll(text: string, options: RedactOptions = {}): RedactResult {
  if (typeof text !== 'string' || text.length === 0) return redact(text, options);
  const numbers = redact(text, options).findings;
  const entities = findEntities(text, options.locale ?? 'en-US');
  const exact = [...numbers, ...entities.filter((f) => f.type !== 'SENSITIVE')];
  // A sensitive fact's span runs to the end of its clause; where a number, name or address lies in
  // that clause, the fact stops before it, so each keeps its own type.
  const facts = entities
    .filter((f) => f.type === 'SENSITIVE')
    .map((f) => {
      const cut = exact.filter((e) => e.start < f.end && e.end > f.start && e.start > f.start);
      const end = Math.min(f.end, ...cut.map((e) => e.start));
      return { ...f, end };
    })
    .filter((f) => f.end > f.start && !exact.some((e) => e.start <= f.start && e.end >= f.end));
  const all = [...exact, ...facts].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  for (const f of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && f.start < last.end) {
      const type = f.end - f.start > last.end - last.start ? f.type : last.type;
      merged[merged.length - 1] = { type, start: last.start, end: Math.max(last.end, f.end) };
      continue;
    }
    merged.push(f);
  }
  return applyFindings(text, merged);
}
