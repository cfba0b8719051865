/**
 * `npx tsx bin/nlu-compare.ts [--variants] [--with-logreg] [--locale en-US|zh-CN|all]`: the stand-in's
 * classifier (local/lex/blended-classifier.ts), the home-made intent classifier alone
 * (local/lex/classifier.ts) and npm NLU / text-classification libraries
 * (local/lex/library-classifier.ts) side by side on every labelled set bot:eval uses (EVAL_SETS:
 * set 1 with intent labels, the others with caller labels mapped by HELD_OUT_ANSWERED_BY, training
 * copies left out). Every library trains on the bot model only.
 *
 * Fallback rule: the library's best intent below a confidence threshold is FallbackIntent. A "tuned"
 * threshold is the one with the most correct answers over the development sets (every set but
 * HELD_OUT_SET; candidates: 0 and the midpoints between consecutive scores; ties: the highest
 * candidate, as falling back is the safer of two equally accurate choices). The held-out set never chooses anything: it is the column that decides whether a library
 * beats the home-made classifier.
 */

import { createRequire } from 'node:module';
import { BOT_MODEL } from '../lib/bot';
import type { BotLocaleModel } from '../lib/bot/types';
import {
  type EvalSet,
  evaluate,
  HELD_OUT_SET,
  type LoadedEvalSet,
  loadEvalSets,
  withoutTrainingCopies,
} from '../local/bot-eval';
import {
  BLEND_CALLER_ONLY_SHARE,
  BLEND_THRESHOLD,
  BLEND_WEIGHT,
  BlendedClassifier,
} from '../local/lex/blended-classifier';
import { IntentClassifier } from '../local/lex/classifier';
import {
  FEATURE_SETS,
  type FeatureSet,
  LIBRARY_DEFAULTS,
  LIBRARY_ENGINES,
  LibraryClassifier,
  type LibraryEngine,
} from '../local/lex/library-classifier';
import { type CommandSpec, choiceOption, runCommand } from './cli';

export const NLU_COMPARE_COMMAND = {
  command: 'npx tsx bin/nlu-compare.ts',
  usage: ['[--variants] [--with-logreg] [--check-determinism] [--locale en-US|zh-CN|all]'],
  summary:
    "Intent accuracy of the stand-in's classifier (home-made score + nlp.js blend), of the home-made score alone and of npm NLU libraries (nlp.js, natural, wink) on every bot:eval set, side by side, with training time.",
  options: {
    variants: {
      type: 'boolean',
      description:
        'also score every feature set (and nlp.js None feature) of each library, thresholds tuned on the development sets',
    },
    'with-logreg': {
      type: 'boolean',
      description:
        "also natural's LogisticRegressionClassifier (slow: about 6 minutes per locale and variant)",
    },
    'check-determinism': {
      type: 'boolean',
      description: 'train each library twice and check that both give the same verdicts on every set',
    },
    locale: {
      type: 'string',
      value: 'en-US|zh-CN|all',
      default: 'all',
      description: 'locales (default all)',
    },
  },
  examples: ['npx tsx bin/nlu-compare.ts', 'npx tsx bin/nlu-compare.ts --variants --locale zh-CN'],
} as const satisfies CommandSpec;

type Locale = EvalSet['locale'];

/** A classifier's verdict before the threshold: best intent (FallbackIntent if it falls back itself), score. */
interface Verdict {
  readonly best: string;
  readonly score: number;
}
type Judge = (text: string) => Promise<Verdict> | Verdict;

/** The sets of one locale as scored: training copies left out of every set but set 1. */
function setsOf(locale: Locale): { sets: LoadedEvalSet[]; copies: Map<string, number> } {
  const copies = new Map<string, number>();
  const sets = loadEvalSets(locale).map((s) => {
    if (s.name === 'set 1') return s;
    const out = withoutTrainingCopies(s.set, BOT_MODEL);
    copies.set(s.name, out.copies);
    return { ...s, set: out.set };
  });
  return { sets, copies };
}

const isDevelopment = (s: { name: string }) => s.name !== HELD_OUT_SET;

/**
 * Two-sided exact sign test (McNemar's exact test) on the utterances two classifiers disagree
 * about: the chance of a split at least this uneven if either were as likely to be the right one.
 */
export function exactSignTest(a: number, b: number): number {
  const n = a + b;
  if (n === 0) return 1;
  let tail = 0;
  let term = 0.5 ** n; // C(n, 0) / 2^n
  for (let i = 0; i <= Math.min(a, b); i++) {
    tail += term;
    term = (term * (n - i)) / (i + 1);
  }
  return Math.min(1, 2 * tail);
}

/** Share of the development sets' utterances a row gets right. */
function devAccuracy(r: Row): number {
  const dev = r.results.filter(isDevelopment);
  return (
    dev.reduce((n, x) => n + x.correct, 0) /
    Math.max(
      1,
      dev.reduce((n, x) => n + x.total, 0),
    )
  );
}

const decide = (v: Verdict, threshold: number) =>
  v.best !== 'FallbackIntent' && v.score >= threshold ? v.best : 'FallbackIntent';

/** Verdicts of a judge on a set, with the mean time per utterance. */
async function verdicts(judge: Judge, set: EvalSet): Promise<{ byText: Map<string, Verdict>; ms: number }> {
  const byText = new Map<string, Verdict>();
  const started = performance.now();
  for (const u of set.utterances) byText.set(u.text, await judge(u.text));
  return { byText, ms: (performance.now() - started) / Math.max(1, set.utterances.length) };
}

async function accuracyAt(s: LoadedEvalSet, byText: Map<string, Verdict>, threshold: number) {
  const predict = async (text: string) => {
    const v = byText.get(text);
    return v ? decide(v, threshold) : 'FallbackIntent';
  };
  return evaluate(s.set, predict, s.accepts);
}

/** The threshold with the most correct answers over the development sets (ties: the highest, so that equally accurate means falling back rather than guessing). */
async function tuneOnDevelopment(
  sets: readonly LoadedEvalSet[],
  byText: ReadonlyMap<string, Map<string, Verdict>>,
): Promise<number> {
  const dev = sets.filter(isDevelopment);
  const all = dev.flatMap((s) => [...(byText.get(s.name)?.values() ?? [])].map((v) => v.score));
  const scores = [...new Set(all)].sort((a, b) => a - b);
  const candidates = [0, ...scores.slice(1).map((s, i) => ((scores[i] ?? 0) + s) / 2)];
  const last = scores.at(-1);
  if (last !== undefined) candidates.push(last + 1e-9);
  let best = -1;
  let tied: number[] = [];
  for (const c of [...new Set(candidates)].sort((a, b) => a - b)) {
    let correct = 0;
    for (const s of dev) correct += (await accuracyAt(s, byText.get(s.name) ?? new Map(), c)).correct;
    if (correct > best) {
      best = correct;
      tied = [c];
    } else if (correct === best) tied.push(c);
  }
  return tied.at(-1) ?? 0;
}

interface Row {
  readonly name: string;
  readonly features: string;
  readonly threshold: number;
  /** The threshold tuning on the development sets gives, when the row uses a fixed one. */
  readonly tuned?: number;
  /** Correct and total per set, in EVAL_SETS order, with the texts it got wrong. */
  readonly results: readonly {
    name: string;
    correct: number;
    total: number;
    missed: ReadonlySet<string>;
  }[];
  readonly trainMs: number;
  readonly msPerUtterance: number;
  readonly deterministic?: boolean;
}

/** Scores a judge on every set: at a fixed threshold, or at the one tuned on the development sets. */
async function score(
  name: string,
  features: string,
  build: () => Promise<{ judge: Judge; trainMs: number }>,
  sets: readonly LoadedEvalSet[],
  threshold: number | 'tune',
  checkDeterminism: boolean,
): Promise<Row> {
  const { judge, trainMs } = await build();
  const byText = new Map<string, Map<string, Verdict>>();
  let ms = 0;
  let count = 0;
  for (const s of sets) {
    const v = await verdicts(judge, s.set);
    byText.set(s.name, v.byText);
    ms += v.ms * s.set.utterances.length;
    count += s.set.utterances.length;
  }
  const tuned = await tuneOnDevelopment(sets, byText);
  const th = threshold === 'tune' ? tuned : threshold;
  const results: Row['results'][number][] = [];
  for (const s of sets) {
    const r = await accuracyAt(s, byText.get(s.name) ?? new Map(), th);
    results.push({
      name: s.name,
      correct: r.correct,
      total: r.total,
      missed: new Set(r.errors.map((e) => e.text)),
    });
  }
  let deterministic: boolean | undefined;
  if (checkDeterminism) {
    const again = (await build()).judge;
    const same = async (set: EvalSet, seen: Map<string, Verdict> | undefined) => {
      for (const u of set.utterances) {
        const a = seen?.get(u.text);
        const b = await again(u.text);
        if (!a || a.best !== b.best || a.score !== b.score) return false;
      }
      return true;
    };
    deterministic = true;
    for (const s of sets) deterministic = deterministic && (await same(s.set, byText.get(s.name)));
  }
  return {
    name,
    features,
    threshold: th,
    ...(threshold === 'tune' ? {} : { tuned }),
    results,
    trainMs,
    msPerUtterance: ms / Math.max(1, count),
    ...(deterministic === undefined ? {} : { deterministic }),
  };
}

/** Runs fn with nlp.js's "Compiling dictionary" console line (lang-zh, first use) kept out of the table. */
async function quietly<T>(fn: () => Promise<T> | T): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && args[0] === 'Compiling dictionary') return;
    log(...args);
  };
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

/**
 * A turn of fillers only is the fallback for every judge that reads text as the stand-in does
 * (`IntentClassifier.hasRequest`), as their `classify` has it; stock nlp.js reads raw text its own way.
 */
const NO_REQUEST_VERDICT: Verdict = { best: 'FallbackIntent', score: 0 };

function homeMade(model: BotLocaleModel) {
  return async () => {
    const started = performance.now();
    const c = new IntentClassifier(model);
    const trainMs = performance.now() - started;
    const judge: Judge = (text) => {
      const top = c.classify(text).ranking[0];
      return top && c.hasRequest(text) ? { best: top.intent, score: top.score } : NO_REQUEST_VERDICT;
    };
    return { judge, trainMs };
  };
}

function blended(model: BotLocaleModel, weight: number, callerOnlyShare: number) {
  return async () => {
    const started = performance.now();
    const c = await quietly(() => new BlendedClassifier(model, { weight, callerOnlyShare }));
    const trainMs = performance.now() - started;
    const judge: Judge = (text) => {
      const top = c.blendedRanking(text)[0];
      return top && c.hasRequest(text) ? { best: top.intent, score: top.score } : NO_REQUEST_VERDICT;
    };
    return { judge, trainMs };
  };
}

/** Network shares the blend grid (--variants) tries; 0 is the home-made classifier alone. */
const BLEND_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5] as const;
/** Caller-only shares tried with each blend weight (½ is Dice's similarity). */
const SHARE_GRID = [0.5, 0.45, 0.4, 0.35, 0.3] as const;

function library(
  model: BotLocaleModel,
  engine: LibraryEngine,
  features: FeatureSet,
  none: boolean | 'language',
) {
  return async () => {
    const c = await quietly(() => new LibraryClassifier(model, { engine, features, noneFeature: none }));
    const judge: Judge = (text) => (c.hasRequest(text) ? c.verdict(text) : NO_REQUEST_VERDICT);
    return { judge, trainMs: c.trainingMs };
  };
}

const require = createRequire(import.meta.url);

interface StockNlp {
  settings: Record<string, unknown>;
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(
    locale: string,
    utterance: string,
  ): Promise<{ classifications?: { intent: string; score: number }[] }>;
}

/**
 * nlp.js as its documentation runs it: `Nlp` with its language package, the sample utterances as
 * written (slot references and all), its own normaliser, tokeniser, stemmer and neural NLU.
 */
function nlpjsStock(model: BotLocaleModel) {
  return async () => {
    const { containerBootstrap } = require('@nlpjs/core') as {
      containerBootstrap: () => Promise<{ use(plugin: unknown): void }>;
    };
    const { Nlp } = require('@nlpjs/nlp') as {
      Nlp: new (settings: Record<string, unknown>) => StockNlp;
    };
    const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };
    const { LangZh } = require('@nlpjs/lang-zh') as { LangZh: unknown };
    const container = await containerBootstrap();
    container.use(LangEn);
    container.use(LangZh);
    const lang = model.locale === 'zh-CN' ? 'zh' : 'en';
    const nlp = new Nlp({ container, autoSave: false, calculateSentiment: false, nlu: { log: false } });
    nlp.addLanguage(lang);
    for (const intent of model.intents)
      for (const s of intent.sampleUtterances) nlp.addDocument(lang, s, intent.name);
    const started = performance.now();
    await quietly(() => nlp.train());
    const trainMs = performance.now() - started;
    const judge: Judge = async (text) => {
      const top = (await nlp.process(lang, text)).classifications?.[0];
      return !top || top.intent === 'None'
        ? { best: 'FallbackIntent', score: top?.score ?? 0 }
        : { best: top.intent, score: top.score };
    };
    return { judge, trainMs };
  };
}

function version(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

const LIBRARY_LABEL: Readonly<Record<LibraryEngine, string>> = {
  'nlpjs-neural': `nlp.js NeuralNetwork (@nlpjs/neural ${version('@nlpjs/neural')})`,
  'natural-bayes': `natural BayesClassifier (natural ${version('natural')})`,
  'wink-bayes': `wink naive Bayes (wink-naive-bayes-text-classifier ${version('wink-naive-bayes-text-classifier')})`,
  'natural-logreg': `natural LogisticRegressionClassifier (natural ${version('natural')})`,
};

const pct = (r: { correct: number; total: number }) =>
  `${((100 * r.correct) / Math.max(1, r.total)).toFixed(1).padStart(5)}% (${r.correct}/${r.total})`;

function table(title: string, rows: readonly Row[], withDeterminism: boolean): string {
  const nameWidth = Math.max(...rows.map((r) => r.name.length), 10);
  const featWidth = Math.max(...rows.map((r) => r.features.length), 8);
  const header = [
    'classifier'.padEnd(nameWidth),
    'features'.padEnd(featWidth),
    'threshold'.padStart(9),
    ...(rows[0]?.results ?? []).map((r) =>
      (r.name === HELD_OUT_SET ? `${r.name} (held out)` : r.name).padEnd(17),
    ),
    'train ms'.padStart(9),
    'ms/utt'.padStart(7),
    ...(withDeterminism ? ['same twice'] : []),
  ].join('  ');
  const lines = rows.map((r) =>
    [
      r.name.padEnd(nameWidth),
      r.features.padEnd(featWidth),
      r.threshold.toFixed(4).padStart(9),
      ...r.results.map((x) => pct(x).padEnd(17)),
      r.trainMs.toFixed(0).padStart(9),
      r.msPerUtterance.toFixed(2).padStart(7),
      ...(withDeterminism ? [r.deterministic === undefined ? '-' : r.deterministic ? 'yes' : 'NO'] : []),
    ].join('  '),
  );
  return [`${title}:`, header, ...lines].join('\n');
}

await runCommand(NLU_COMPARE_COMMAND, async ({ values }) => {
  const which = choiceOption(values.locale, '--locale', ['en-US', 'zh-CN', 'all'] as const);
  const locales: Locale[] = which === 'all' ? ['en-US', 'zh-CN'] : [which];
  const engines = LIBRARY_ENGINES.filter((e) => e !== 'natural-logreg' || values['with-logreg']);
  const check = values['check-determinism'];
  const variantRows = new Map<string, Map<Locale, Row>>();
  let stale = false;

  for (const locale of locales) {
    const model = BOT_MODEL.locales[locale];
    const { sets, copies } = setsOf(locale);
    const standIn = await score(
      `stand-in: home-made + nlp.js blend (w ${BLEND_WEIGHT[locale]}, share ${BLEND_CALLER_ONLY_SHARE[locale]})`,
      'home-made, words+bigrams',
      blended(model, BLEND_WEIGHT[locale], BLEND_CALLER_ONLY_SHARE[locale]),
      sets,
      BLEND_THRESHOLD[locale],
      check,
    );
    if (standIn.tuned !== undefined && Number(standIn.tuned.toPrecision(4)) !== standIn.threshold) {
      stale = true;
      console.warn(
        `${locale}: BLEND_THRESHOLD ${standIn.threshold} differs from the development-tuned ${standIn.tuned.toPrecision(4)}`,
      );
    }
    const rows: Row[] = [
      standIn,
      await score(
        'home-made alone (model threshold)',
        'home-made',
        homeMade(model),
        sets,
        model.nluConfidenceThreshold,
        check,
      ),
      await score(
        'home-made alone (threshold tuned on development sets)',
        'home-made',
        homeMade(model),
        sets,
        'tune',
        check,
      ),
      await score(
        `nlp.js Nlp stock (@nlpjs/nlp ${version('@nlpjs/nlp')})`,
        'raw text, nlp.js',
        nlpjsStock(model),
        sets,
        'tune',
        check,
      ),
    ];
    for (const engine of engines) {
      const d = LIBRARY_DEFAULTS[engine];
      const features = engine === 'nlpjs-neural' ? `${d.features}, None ${d.noneFeature}` : d.features;
      const row = await score(
        LIBRARY_LABEL[engine],
        features,
        library(model, engine, d.features, d.noneFeature),
        sets,
        d.thresholds[locale],
        check,
      );
      if (row.tuned !== undefined && Number(row.tuned.toPrecision(4)) !== row.threshold) {
        stale = true;
        console.warn(
          `${locale} ${engine}: LIBRARY_DEFAULTS threshold ${row.threshold} differs from the development-tuned ${row.tuned.toPrecision(4)}`,
        );
      }
      rows.push(row);
    }
    console.log(table(locale, rows, check));
    console.log(
      `  left out as also sample utterances: ${[...copies].map(([name, n]) => `${name} ${n}`).join(', ')}; development sets: ${sets
        .filter(isDevelopment)
        .map((s) => s.name)
        .join(', ')}; held out: ${HELD_OUT_SET}`,
    );
    const heldOut = (r: Row) =>
      r.results.find((x) => x.name === HELD_OUT_SET) ?? { correct: 0, total: 1, missed: new Set<string>() };
    for (const home of [standIn, rows[2] ?? standIn]) {
      const better = rows.filter((r) => r !== home && heldOut(r).correct > heldOut(home).correct);
      const gain = (r: Row) => {
        const points = `${((100 * (heldOut(r).correct - heldOut(home).correct)) / heldOut(home).total).toFixed(1)} pts`;
        // Utterances only one of the two gets right decide it (McNemar's exact test).
        const wins = [...heldOut(home).missed].filter((t) => !heldOut(r).missed.has(t)).length;
        const losses = [...heldOut(r).missed].filter((t) => !heldOut(home).missed.has(t)).length;
        return `${points} (right where it is wrong ${wins}, wrong where it is right ${losses}, exact p ${exactSignTest(wins, losses).toFixed(2)})`;
      };
      console.log(
        `  vs ${home.name} on ${HELD_OUT_SET}: ${
          better.length
            ? `beaten by ${better.map((r) => `${r.name} +${gain(r)}`).join('; ')}`
            : 'nothing here beats it'
        }`,
      );
    }
    console.log('');

    if (values.variants) {
      const blendTable: Row[] = [];
      let bestBlend: { weight: number; share: number; correct: number } | undefined;
      // Shares from Dice's ½ down and weights upwards, so a tie keeps the earlier (simpler) pair.
      for (const share of SHARE_GRID) {
        for (const weight of BLEND_GRID) {
          const row = await score(
            `blend w ${weight}, share ${share}`,
            'home-made, words+bigrams',
            blended(model, weight, share),
            sets,
            'tune',
            false,
          );
          blendTable.push(row);
          const correct = row.results.filter(isDevelopment).reduce((n, x) => n + x.correct, 0);
          if (!bestBlend || correct > bestBlend.correct) bestBlend = { weight, share, correct };
        }
      }
      console.log(
        `${table(`${locale} blend weights and caller-only shares (each threshold tuned on the development sets; the network trains once, for the stand-in row, so these rows' train ms leave it out)`, blendTable, false)}\n`,
      );
      if (bestBlend) {
        const same =
          bestBlend.weight === BLEND_WEIGHT[locale] && bestBlend.share === BLEND_CALLER_ONLY_SHARE[locale];
        console.log(
          `${locale}: blend with the most correct development answers (ties: the share nearer ½, then the smaller weight): w ${bestBlend.weight}, share ${bestBlend.share} (${bestBlend.correct})${same ? '' : '  <- differs from BLEND_WEIGHT / BLEND_CALLER_ONLY_SHARE'}\n`,
        );
        if (!same) stale = true;
      }
      const variantTable: Row[] = [];
      for (const engine of engines) {
        const nones: readonly (boolean | 'language')[] =
          engine === 'nlpjs-neural' ? ['language', true, false] : [false];
        for (const features of FEATURE_SETS) {
          for (const none of nones) {
            const label = engine === 'nlpjs-neural' ? `${features}, None ${none}` : features;
            const row = await score(
              LIBRARY_LABEL[engine],
              label,
              library(model, engine, features, none),
              sets,
              'tune',
              false,
            );
            variantTable.push(row);
            const key = `${engine}\u0000${features}\u0000${String(none)}`;
            const byLocale = variantRows.get(key) ?? new Map<Locale, Row>();
            byLocale.set(locale, row);
            variantRows.set(key, byLocale);
          }
        }
      }
      console.log(
        `${table(`${locale} variants (each threshold tuned on the development sets)`, variantTable, false)}\n`,
      );
    }
  }

  if (values.variants) {
    console.log(
      'Best variant of each library by mean development accuracy over the locales run (ties: first listed):',
    );
    for (const engine of engines) {
      let best: { key: string; mean: number } | undefined;
      for (const [key, byLocale] of variantRows) {
        if (!key.startsWith(`${engine}\u0000`)) continue;
        const mean = [...byLocale.values()].reduce((sum, r) => sum + devAccuracy(r), 0) / byLocale.size;
        if (!best || mean > best.mean + 1e-12) best = { key, mean };
      }
      if (!best) continue;
      const [, features, none] = best.key.split('\u0000');
      const thresholds = [...(variantRows.get(best.key) ?? new Map<Locale, Row>())]
        .map(([l, r]) => `${l} ${r.threshold.toPrecision(4)}`)
        .join(', ');
      const d = LIBRARY_DEFAULTS[engine];
      const same = d.features === features && String(d.noneFeature) === none;
      console.log(
        `  ${engine}: features ${features}${engine === 'nlpjs-neural' ? `, None ${none}` : ''}, thresholds ${thresholds} (mean development ${(100 * best.mean).toFixed(1)}%)${same ? '' : '  <- differs from LIBRARY_DEFAULTS'}`,
      );
      if (!same) stale = true;
    }
  }
  console.log(
    `Training: the bot model's sample utterances only (${locales.map((l) => `${l} ${BOT_MODEL.locales[l].intents.reduce((n, i) => n + i.sampleUtterances.length, 0)}`).join(', ')}); train ms is one run on this machine.`,
  );
  if (stale)
    console.warn(
      'LIBRARY_DEFAULTS (local/lex/library-classifier.ts) or BLEND_WEIGHT / BLEND_CALLER_ONLY_SHARE / BLEND_THRESHOLD (local/lex/blended-classifier.ts) is not what the development sets choose now.',
    );
  return 0;
});
