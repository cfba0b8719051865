import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LEX_LOCALE_ID_BY_LOCALE, SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import type { BotModel } from '../lib/bot/types';
import { IntentClassifier } from './lex/classifier';
import type { LexRuntime } from './lex/types';

/**
 * Bot evaluation: intent accuracy and a confusion table on a labelled utterance set kept apart
 * from the training (sample) utterances, against the local stand-in's classifier or a deployed bot.
 */

/** A labelled evaluation set: `test/fixtures/bot-eval/<locale>.json`. */
export const evalSetSchema = z.object({
  locale: z.enum(SUPPORTED_LOCALES),
  description: z.string().optional(),
  utterances: z.array(z.object({ text: z.string().min(1), intent: z.string().min(1) })).min(1),
});
/** A labelled evaluation set. */
export type EvalSet = z.infer<typeof evalSetSchema>;

/** Reads and validates an evaluation set. */
export function loadEvalSet(path: string): EvalSet {
  return evalSetSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Something that names the intent of an utterance. */
export type IntentPredictor = (text: string) => Promise<string>;

/** The local stand-in's classifier for a locale. */
export function localPredictor(model: BotModel, locale: EvalSet['locale']): IntentPredictor {
  const classifier = new IntentClassifier(model.locales[locale]);
  return async (text) => classifier.classify(text).intent;
}

/** A bot runtime (e.g. the deployed bot) as a predictor: one fresh session per utterance. */
export function runtimePredictor(bot: LexRuntime, locale: EvalSet['locale']): IntentPredictor {
  return async (text) => {
    const out = await bot.recognizeText({
      sessionId: `bot-eval-${randomUUID()}`,
      localeId: LEX_LOCALE_ID_BY_LOCALE[locale],
      text,
      inputMode: 'Text',
      sessionAttributes: {},
    });
    return out.interpretations[0]?.intentName ?? out.intentName ?? 'FallbackIntent';
  };
}

/** The result of an evaluation. */
export interface EvalReport {
  readonly locale: string;
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  /** confusion[expected][predicted] = count */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly errors: readonly {
    readonly text: string;
    readonly expected: string;
    readonly predicted: string;
  }[];
}

/** Scores a predictor on a set. */
export async function evaluate(set: EvalSet, predict: IntentPredictor): Promise<EvalReport> {
  const confusion: Record<string, Record<string, number>> = {};
  const errors: { text: string; expected: string; predicted: string }[] = [];
  let correct = 0;
  for (const u of set.utterances) {
    const predicted = await predict(u.text);
    const row = confusion[u.intent] ?? {};
    row[predicted] = (row[predicted] ?? 0) + 1;
    confusion[u.intent] = row;
    if (predicted === u.intent) correct += 1;
    else errors.push({ text: u.text, expected: u.intent, predicted });
  }
  const total = set.utterances.length;
  return {
    locale: set.locale,
    total,
    correct,
    accuracy: total === 0 ? 0 : correct / total,
    confusion,
    errors,
  };
}

/** The report as text: accuracy, the confusion table (rows expected, columns predicted), errors. */
export function formatReport(report: EvalReport): string {
  const labels = [
    ...new Set([
      ...Object.keys(report.confusion),
      ...Object.values(report.confusion).flatMap((r) => Object.keys(r)),
    ]),
  ].sort();
  const short = (s: string) => s.replace('Intent', '').slice(0, 8);
  const width = Math.max(...labels.map((l) => l.length), 8);
  const header = `${'expected \\ predicted'.padEnd(width)} ${labels.map((l) => short(l).padStart(8)).join(' ')}`;
  const rows = labels
    .filter((l) => report.confusion[l])
    .map(
      (l) =>
        `${l.padEnd(width)} ${labels.map((p) => String(report.confusion[l]?.[p] ?? '.').padStart(8)).join(' ')}`,
    );
  return [
    `${report.locale}: intent accuracy ${(report.accuracy * 100).toFixed(1)}% (${report.correct}/${report.total})`,
    header,
    ...rows,
    ...(report.errors.length
      ? [
          'misclassified:',
          ...report.errors.map((e) => `  "${e.text}" expected ${e.expected}, got ${e.predicted}`),
        ]
      : []),
  ].join('\n');
}
