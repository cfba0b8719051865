import type { Locale } from '../../contracts/locales';
import { redact } from './redact';
import { type Finding, PII_TYPES, type PiiType, type RedactOptions, type RedactResult } from './types';

/** A span of personal data in a labelled case (offsets into `text`, end exclusive). */
export interface LabelledSpan {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

/** One labelled transcript snippet; no spans means a negative case. */
export interface LabelledCase {
  readonly id?: string;
  readonly locale: Locale;
  readonly text: string;
  readonly spans: readonly LabelledSpan[];
  /** Free-form labels of the case (surface form, negative kind) for error analysis. */
  readonly tags?: readonly string[];
}

/** Detection quality for one PII type. */
export interface TypeScore {
  /** True spans covered by a finding of the same type. */
  readonly tp: number;
  /** Findings of this type that overlap no true span of this type. */
  readonly fp: number;
  /** True spans not covered by any finding of the same type. */
  readonly fn: number;
  /** tp / (tp + fn); 1 when the set holds no span of this type. */
  readonly recall: number;
  /** Findings that overlap a true span of this type / all findings of this type; 1 when none. */
  readonly precision: number;
}

/** Per-type scores of a redactor over a labelled set. */
export type RedactorEvaluation = Readonly<Record<PiiType, TypeScore>>;

/** A redactor under evaluation; {@link redact} by default. */
export type Redactor = (text: string, options?: RedactOptions) => RedactResult;

const covers = (f: Finding, s: LabelledSpan) => f.type === s.type && f.start <= s.start && f.end >= s.end;
const overlaps = (f: Finding, s: LabelledSpan) => f.type === s.type && f.start < s.end && s.start < f.end;

/**
 * Scores a redactor over labelled cases, span by span: a true span counts as found when a finding
 * of the same type covers it entirely; a finding counts as correct when it overlaps a true span of
 * its type. This is the metric of compliance control C10 (recall ≥ 99 % on ID, phone and card).
 *
 * @param cases labelled cases (each run with its own locale)
 * @param redactor the redactor to score
 */
export function evaluateRedactor(
  cases: readonly LabelledCase[],
  redactor: Redactor = redact,
): RedactorEvaluation {
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { tp: 0, fn: 0, fp: 0, correct: 0 }])) as Record<
    PiiType,
    { tp: number; fn: number; fp: number; correct: number }
  >;
  for (const c of cases) {
    const { findings } = redactor(c.text, { locale: c.locale });
    for (const s of c.spans) {
      if (findings.some((f) => covers(f, s))) counts[s.type].tp++;
      else counts[s.type].fn++;
    }
    for (const f of findings) {
      if (c.spans.some((s) => overlaps(f, s))) counts[f.type].correct++;
      else counts[f.type].fp++;
    }
  }
  return Object.fromEntries(
    PII_TYPES.map((t) => {
      const { tp, fn, fp, correct } = counts[t];
      const score: TypeScore = {
        tp,
        fp,
        fn,
        recall: tp + fn === 0 ? 1 : tp / (tp + fn),
        precision: correct + fp === 0 ? 1 : correct / (correct + fp),
      };
      return [t, score];
    }),
  ) as Record<PiiType, TypeScore>;
}

/** Renders an evaluation as a fixed-width text table (for test output and the compliance report). */
export function formatEvaluation(evaluation: RedactorEvaluation): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const rows = PII_TYPES.map((t) => {
    const s = evaluation[t];
    return [t, String(s.tp), String(s.fn), String(s.fp), pct(s.recall), pct(s.precision)];
  });
  const header = ['type', 'tp', 'fn', 'fp', 'recall', 'precision'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
