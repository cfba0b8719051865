import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LEX_LOCALE_ID_BY_LOCALE, SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import type { BotModel } from '../lib/bot/types';
import { standInClassifier } from './lex/blended-classifier';
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

/** The local stand-in's classifier for a locale (the one LocalLex uses). */
export function localPredictor(model: BotModel, locale: EvalSet['locale']): IntentPredictor {
  const classifier = standInClassifier(model.locales[locale]);
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

/**
 * The second held-out set (`test/fixtures/bot-heldout/`, written without the bot's code) labels what
 * a caller wants in its own words; these are the bot's intents that answer each label. Off-topic
 * and out-of-context yes/no belong in FallbackIntent, whose answer says what the robot can do.
 */
export const HELD_OUT_ANSWERED_BY: Readonly<Record<string, (intent: string) => boolean>> = {
  // Asking for a product's link by text is a question about that product (set 4's label table).
  ProductInfo: (i) => i === 'ProductInfo' || i === 'ProductPrice' || i === 'TextProductLink',
  FAQ: (i) => i.startsWith('Faq'),
  BrowseCatalog: (i) => i === 'BrowseCatalog',
  Recommend: (i) => i === 'RecommendProduct',
  PlaceOrder: (i) => i === 'PlaceOrder',
  OrderStatus: (i) => i === 'OrderStatus',
  CancelOrder: (i) => i === 'CancelOrder',
  PayOrder: (i) => i === 'PayOrder',
  // How to change an order is an approved answer (cancel before shipping, order again).
  ChangeOrder: (i) => i === 'FaqOrderChange',
  AfterSales: (i) => i === 'AfterSales',
  SpeakToAgent: (i) => i === 'TalkToAgent',
  DataRights: (i) => i === 'DataRights' || i === 'WithdrawConsent',
  AboutBot: (i) => i === 'AboutBot',
  Goodbye: (i) => i === 'Goodbye',
  OffTopic: (i) => i === 'FallbackIntent' || i === 'OffTopic',
  FallbackExpected: (i) => i === 'FallbackIntent' || i === 'OffTopic',
  Yes: (i) => i === 'FallbackIntent',
  No: (i) => i === 'FallbackIntent',
};

/** The held-out set in `test/fixtures/bot-heldout/<en_US|zh_CN>.json` as an evaluation set. */
export function loadHeldOutSet(path: string): EvalSet {
  const raw = z
    .object({
      locale: z.enum(['en_US', 'zh_CN']),
      utterances: z.array(z.object({ text: z.string().min(1), intent: z.string().min(1) })).min(1),
    })
    .parse(JSON.parse(readFileSync(path, 'utf8')));
  return { locale: raw.locale === 'en_US' ? 'en-US' : 'zh-CN', utterances: raw.utterances };
}

/** Utterance text as compared with sample utterances: NFKC, lower case, punctuation as spaces. */
export function utteranceKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/**
 * The set without the utterances that are also sample utterances of the bot (a short phrase both
 * writers chose, such as "what do you sell"): those measure recall of the training, not
 * understanding. Returns the rest and how many were left out.
 */
export function withoutTrainingCopies(set: EvalSet, model: BotModel): { set: EvalSet; copies: number } {
  const samples = new Set(
    model.locales[set.locale].intents.flatMap((i) => i.sampleUtterances.map(utteranceKey)),
  );
  const kept = set.utterances.filter((u) => !samples.has(utteranceKey(u.text)));
  return { set: { ...set, utterances: kept }, copies: set.utterances.length - kept.length };
}

/** Scores a predictor on a set; `accepts` says which predicted intents answer a label (default: equal). */
export async function evaluate(
  set: EvalSet,
  predict: IntentPredictor,
  accepts: (expected: string, predicted: string) => boolean = (e, p) => e === p,
): Promise<EvalReport> {
  const confusion: Record<string, Record<string, number>> = {};
  const errors: { text: string; expected: string; predicted: string }[] = [];
  let correct = 0;
  for (const u of set.utterances) {
    const predicted = await predict(u.text);
    const row = confusion[u.intent] ?? {};
    row[predicted] = (row[predicted] ?? 0) + 1;
    confusion[u.intent] = row;
    if (accepts(u.intent, predicted)) correct += 1;
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

/** The evaluation sets: set 1 (bot-eval, intent labels) and sets 2-15 (caller labels, each written from a brief only). */
export const EVAL_SETS = [
  { name: 'set 1', dir: 'bot-eval', kind: 'intents' },
  { name: 'set 2', dir: 'bot-heldout', kind: 'caller-labels' },
  { name: 'set 3', dir: 'bot-heldout-3', kind: 'caller-labels' },
  { name: 'set 4', dir: 'bot-heldout-4', kind: 'caller-labels' },
  { name: 'set 5', dir: 'bot-heldout-5', kind: 'caller-labels' },
  { name: 'set 6', dir: 'bot-heldout-6', kind: 'caller-labels' },
  { name: 'set 7', dir: 'bot-heldout-7', kind: 'caller-labels' },
  { name: 'set 8', dir: 'bot-heldout-8', kind: 'caller-labels' },
  { name: 'set 9', dir: 'bot-heldout-9', kind: 'caller-labels' },
  { name: 'set 10', dir: 'bot-heldout-10', kind: 'caller-labels' },
  { name: 'set 11', dir: 'bot-heldout-11', kind: 'caller-labels' },
  { name: 'set 12', dir: 'bot-heldout-12', kind: 'caller-labels' },
  { name: 'set 13', dir: 'bot-heldout-13', kind: 'caller-labels' },
  { name: 'set 14', dir: 'bot-heldout-14', kind: 'caller-labels' },
  { name: 'set 15', dir: 'bot-heldout-15', kind: 'caller-labels' },
] as const;

/**
 * The set nothing is tuned on: its misses are never read, no threshold or sample utterance is chosen
 * by it. The others are development sets (their misses became sample utterances, and thresholds are
 * tuned on them). When a new held-out set arrives, the previous one joins the development sets.
 */
export const HELD_OUT_SET = 'set 15' satisfies (typeof EVAL_SETS)[number]['name'];

/** One set loaded for a locale, with the rule that says which predicted intents answer a label. */
export interface LoadedEvalSet {
  readonly name: (typeof EVAL_SETS)[number]['name'];
  readonly dir: string;
  readonly set: EvalSet;
  readonly accepts: (expected: string, predicted: string) => boolean;
}

/** The evaluation sets of a locale, as stored (training copies not yet left out). */
export function loadEvalSets(locale: EvalSet['locale']): LoadedEvalSet[] {
  const file = (dir: string, name: string) =>
    new URL(`../test/fixtures/${dir}/${name}.json`, import.meta.url).pathname;
  return EVAL_SETS.map((s) =>
    s.kind === 'intents'
      ? {
          name: s.name,
          dir: s.dir,
          set: loadEvalSet(file(s.dir, locale)),
          // OffTopic answers as FallbackIntent does (what the robot can do).
          accepts: (e: string, p: string) => e === p || (e === 'FallbackIntent' && p === 'OffTopic'),
        }
      : {
          name: s.name,
          dir: s.dir,
          set: loadHeldOutSet(file(s.dir, LEX_LOCALE_ID_BY_LOCALE[locale])),
          accepts: (e: string, p: string) => HELD_OUT_ANSWERED_BY[e]?.(p) ?? false,
        },
  );
}

/** Correct and total per set of one locale, for a model, with the local stand-in's classifier. */
export async function scoreSets(
  model: BotModel,
  locale: EvalSet['locale'],
  sets: readonly LoadedEvalSet[] = loadEvalSets(locale),
): Promise<{ name: string; correct: number; total: number }[]> {
  const predict = localPredictor(model, locale);
  const out: { name: string; correct: number; total: number }[] = [];
  for (const s of sets) {
    const set = s.name === 'set 1' ? s.set : withoutTrainingCopies(s.set, model).set;
    const report = await evaluate(set, predict, s.accepts);
    out.push({ name: s.name, correct: report.correct, total: report.total });
  }
  return out;
}
