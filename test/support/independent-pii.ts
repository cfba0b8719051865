import { readFileSync } from 'node:fs';
import type { Locale } from '../../lambdas/contracts/locales';
import type { LabelledCase, LabelledSpan, PiiType } from '../../lambdas/core/pii';

/**
 * Independent labelled sets: written by helpers who had not read the redactor, its fixtures or its
 * generator, from public facts about how Amazon Transcribe writes speech. Each PII value is named by
 * its exact substring (and occurrence), in the writer's own type vocabulary.
 */
interface IndependentFile {
  readonly cases: readonly {
    readonly id: string;
    readonly locale: Locale;
    readonly text: string;
    readonly pii: readonly {
      readonly type: string;
      readonly text: string;
      readonly occurrence?: number;
      readonly start?: number;
    }[];
    readonly tags?: readonly string[];
  }[];
}

/** The writers' type names mapped to the redactor's. */
const TYPE_OF: Readonly<Record<string, PiiType>> = {
  ID_NUMBER: 'ID_NUMBER',
  CN_ID: 'ID_NUMBER',
  PHONE: 'PHONE',
  CARD: 'CARD',
  BANK_ACCOUNT: 'BANK_ACCOUNT',
  EMAIL: 'EMAIL',
  PASSPORT: 'PASSPORT',
  NAME: 'NAME',
  PERSON_NAME: 'NAME',
  ADDRESS: 'ADDRESS',
  SENSITIVE: 'SENSITIVE',
};

/**
 * Where our policy differs from a writer's labels, said here rather than hidden: a gift card's
 * number is a bearer payment instrument (whoever reads it can spend the balance), so it is
 * redacted as a card although the writer labelled it a negative.
 */
const POLICY: Readonly<Record<string, { readonly type: PiiType; readonly text: string }>> = {
  'h-en-0208': { type: 'CARD', text: '6035 1120 4478 9012' },
  'h-en-0279': { type: 'CARD', text: '7777 0614 2298 3305' },
  'h-zh-0279': { type: 'CARD', text: '七七七七零六幺四二二九八三三零五' },
};

/** A set's types the redactor does not (yet) find, kept so callers can report them. */
export interface IndependentSet {
  readonly cases: LabelledCase[];
  /** Spans of types outside {@link TYPE_OF}, by writer type. */
  readonly other: Readonly<Record<string, { readonly caseId: string; readonly span: LabelledSpan }[]>>;
}

/** Loads one independent set; throws when a labelled substring is not in its text. */
export function loadIndependentSet(path: string): IndependentSet {
  const file = JSON.parse(readFileSync(path, 'utf8')) as IndependentFile;
  const other: Record<string, { caseId: string; span: LabelledSpan }[]> = {};
  const cases = file.cases.map((c): LabelledCase => {
    const spans: LabelledSpan[] = [];
    for (const p of c.pii) {
      let start = -1;
      if (p.start !== undefined) start = c.text.startsWith(p.text, p.start) ? p.start : -1;
      else for (let n = 0; n < (p.occurrence ?? 1); n++) start = c.text.indexOf(p.text, start + 1);
      if (start < 0) throw new Error(`${path}: case ${c.id}: "${p.type}" span is not in the text`);
      const type = TYPE_OF[p.type];
      const span = { type: type ?? 'ID_NUMBER', start, end: start + p.text.length };
      if (type) spans.push(span);
      else {
        const list = other[p.type] ?? [];
        list.push({ caseId: c.id, span });
        other[p.type] = list;
      }
    }
    const policy = POLICY[c.id];
    if (policy && c.text.includes(policy.text)) {
      const start = c.text.indexOf(policy.text);
      spans.push({ type: policy.type, start, end: start + policy.text.length });
    }
    return { id: c.id, locale: c.locale, text: c.text, spans, tags: c.tags };
  });
  return { cases, other };
}
