import { createRequire } from 'node:module';
import { BayesClassifier, LogisticRegressionClassifier } from 'natural/lib/natural/classifiers/index.js';
import type { Locale } from '../../lambdas/contracts/locales';
import type { BotLocaleModel, IntentName } from '../../lib/bot/types';
import { type Classification, IntentClassifier, type IntentScore, utteranceTokens } from './classifier';

/**
 * Intent classifiers from npm libraries behind the home-made classifier's interface, so the local
 * Lex stand-in can switch one in (`new LibraryClassifier(model)` where it builds an IntentClassifier)
 * and `bin/nlu-compare.ts` can score them side by side.
 *
 * Only the intent is the library's: the text a library sees is the home-made classifier's
 * delexicalised text (catalog names and numbers replaced by slot tokens, through the exported
 * `IntentClassifier.delexicalise` and `normaliseUtterance`), and entity recognition, slot filling and
 * `fillSlot` are inherited unchanged. Training data is the bot model only (sample utterances, read
 * as the home-made classifier reads them: `IntentClassifier.delexicaliseSample`).
 *
 * Engines (all train synchronously and deterministically: fixed document order, no random init):
 * - `nlpjs-neural`: nlp.js v4's NeuralNetwork (@nlpjs/neural, the network behind `Nlp`/`NluNeural`),
 *   fed as NluNeural feeds it: a feature set per utterance, nlp.js's "None" feature for words no sample
 *   uses, intents none of whose features occur scored 0, then scores squared and normalised.
 * - `natural-bayes`: natural's BayesClassifier (presence features, Laplace smoothing); score = the
 *   top class's share of the class likelihoods.
 * - `wink-bayes`: wink-naive-bayes-text-classifier, configured as its README does
 *   (`considerOnlyPresence: true, smoothingFactor: 0.5`); score = 1 / (1 + 2^-odds) of the top label.
 * - `natural-logreg`: natural's LogisticRegressionClassifier (one-vs-rest, dense gradient descent);
 *   score = the top class's sigmoid. Slow: about 6 minutes per locale here (single-threaded).
 *
 * Below the threshold the intent is FallbackIntent, as in Lex. The default thresholds and feature
 * sets are the ones that score best on the development sets (every bot:eval set but HELD_OUT_SET)
 * under bin/nlu-compare.ts's tuning rule (`npx tsx bin/nlu-compare.ts --variants`); the held-out set
 * is not used to choose them.
 *
 * Scores are on each library's own scale: the stand-in's fixed 0.6 for switching intent while a slot
 * is elicited was set for the home-made Dice score, and would need an engine's own value.
 */

/** A library engine. */
export const LIBRARY_ENGINES = ['nlpjs-neural', 'natural-bayes', 'wink-bayes', 'natural-logreg'] as const;
export type LibraryEngine = (typeof LIBRARY_ENGINES)[number];

/**
 * The engine `new LibraryClassifier(model)` uses: the best mean development accuracy among the
 * engines that train in well under a second (natural-logreg was not measured on every set: it trains
 * for minutes).
 */
export const DEFAULT_ENGINE: LibraryEngine = 'nlpjs-neural';

/**
 * What an utterance becomes before the library sees it (slot tokens always stay one token):
 * - `words+bigrams` / `words`: the home-made classifier's tokens (English words with contractions
 *   expanded and its light stemmer, Chinese characters), with or without adjacent-token bigrams;
 * - `nlpjs-tokens` / `nlpjs-tokens+bigrams`: nlp.js's own tokenisers: English TokenizerEn + StemmerEn
 *   (@nlpjs/lang-en-min), Chinese TokenizerZh (@nlpjs/lang-zh: longest CC-CEDICT word match).
 */
export const FEATURE_SETS = ['words+bigrams', 'words', 'nlpjs-tokens', 'nlpjs-tokens+bigrams'] as const;
export type FeatureSet = (typeof FEATURE_SETS)[number];

/** How to build a library classifier. */
export interface LibraryClassifierOptions {
  readonly engine: LibraryEngine;
  /** Default: the engine's entry in LIBRARY_DEFAULTS. */
  readonly features?: FeatureSet;
  /**
   * nlpjs-neural only: nlp.js's "None" feature (`useNoneFeature`). `language` is nlp.js's own
   * per-language default (on for English, off for Chinese). Default: LIBRARY_DEFAULTS.
   */
  readonly noneFeature?: boolean | 'language';
  /** Confidence below which the intent is FallbackIntent. Default: LIBRARY_DEFAULTS for the locale. */
  readonly threshold?: number;
}

/** An engine's defaults: chosen and tuned on the development sets only. */
export interface LibraryDefaults {
  readonly features: FeatureSet;
  readonly noneFeature: boolean | 'language';
  readonly thresholds: Readonly<Record<Locale, number>>;
}

/**
 * Defaults per engine: the feature set (and, for nlp.js, None feature) with the best mean development
 * accuracy over both locales, and each locale's threshold tuned on the development sets; figures in
 * bin/nlu-compare.ts. natural-logreg keeps its set-1 values (it is run only with --with-logreg).
 */
export const LIBRARY_DEFAULTS: Readonly<Record<LibraryEngine, LibraryDefaults>> = {
  'nlpjs-neural': {
    features: 'words+bigrams',
    noneFeature: 'language',
    thresholds: { 'en-US': 0.4428, 'zh-CN': 0.4736 },
  },
  'natural-bayes': {
    features: 'words',
    noneFeature: false,
    thresholds: { 'en-US': 0.3669, 'zh-CN': 0.3937 },
  },
  'wink-bayes': {
    features: 'words+bigrams',
    noneFeature: false,
    thresholds: { 'en-US': 9.164e-8, 'zh-CN': 5.249e-11 },
  },
  // Not run with --variants (6 minutes a variant): words+bigrams beat words on en-US set 1 (95.0 % vs 93.8 %).
  'natural-logreg': {
    features: 'words+bigrams',
    noneFeature: false,
    thresholds: { 'en-US': 0.7761, 'zh-CN': 0.8192 },
  },
};

/** One intent's score as a library gives it (labels are the model's intent names). */
interface LabelScore {
  readonly intent: string;
  readonly score: number;
}

/** A trained library model: every known intent's score for an utterance's features, best first. */
type Scorer = (features: readonly string[]) => LabelScore[];

const require = createRequire(import.meta.url);
const CJK = /[\u3400-\u9fff]/;

/** The home-made classifier's light English stemmer (classifier.ts keeps it private). */
interface NlpjsTokenizer {
  tokenize(text: string, normalize?: boolean): string[];
}
interface NlpjsStemmer {
  stem(tokens: string[]): string[];
}
let nlpjsTokenizers: { en: NlpjsTokenizer; stem: NlpjsStemmer; zh: NlpjsTokenizer } | undefined;

/** nlp.js's tokens: slot tokens whole, Chinese runs by TokenizerZh, the rest by TokenizerEn + StemmerEn. */
function nlpjsTokens(delex: string): string[] {
  if (!nlpjsTokenizers) {
    const en = require('@nlpjs/lang-en-min') as {
      TokenizerEn: new () => NlpjsTokenizer;
      StemmerEn: new () => NlpjsStemmer;
    };
    const zh = require('@nlpjs/lang-zh') as { TokenizerZh: new () => NlpjsTokenizer };
    nlpjsTokenizers = { en: new en.TokenizerEn(), stem: new en.StemmerEn(), zh: new zh.TokenizerZh() };
  }
  const { en, stem: stemmer, zh } = nlpjsTokenizers;
  const out: string[] = [];
  for (const part of delex.split(/(\{[a-z]+\}|[\u3400-\u9fff]+)/)) {
    if (part.trim() === '') continue;
    if (part.startsWith('{')) out.push(part);
    else if (CJK.test(part)) out.push(...zh.tokenize(part, true).filter((t) => t.trim() !== ''));
    else out.push(...stemmer.stem(en.tokenize(part, true)));
  }
  return out;
}

function withBigrams(tokens: readonly string[]): string[] {
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** The features of a delexicalised utterance for a feature set. */
export function featuresOf(delex: string, features: FeatureSet): string[] {
  switch (features) {
    case 'words+bigrams':
      return withBigrams(utteranceTokens(delex));
    case 'words':
      return utteranceTokens(delex);
    case 'nlpjs-tokens':
      return nlpjsTokens(delex);
    case 'nlpjs-tokens+bigrams':
      return withBigrams(nlpjsTokens(delex));
  }
}

interface Document {
  readonly intent: string;
  readonly features: readonly string[];
}

interface NlpjsNetwork {
  train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): unknown;
  run(input: Record<string, number>): Record<string, number> | undefined;
}

/** nlp.js's NeuralNetwork trained and run as its NluNeural does (see nlu.js in @nlpjs/nlu). */
function nlpjsNeural(docs: readonly Document[], useNoneFeature: boolean): Scorer {
  const { NeuralNetwork } = require('@nlpjs/neural') as {
    NeuralNetwork: new (settings: { log: boolean }) => NlpjsNetwork;
  };
  const known = new Set<string>();
  const intentFeatures = new Map<string, Set<string>>();
  const corpus = docs.map((d) => {
    const own = intentFeatures.get(d.intent) ?? new Set<string>();
    for (const f of d.features) {
      known.add(f);
      own.add(f);
    }
    intentFeatures.set(d.intent, own);
    return { input: Object.fromEntries(d.features.map((f) => [f, 1])), output: { [d.intent]: 1 } };
  });
  // nlp.js: nonedelta = intents / features, growing 1.2× with each further unknown word.
  const noneDelta = intentFeatures.size / known.size;
  if (useNoneFeature) corpus.push({ input: { nonefeature: 1 }, output: { None: 1 } });
  const network = new NeuralNetwork({ log: false });
  network.train(corpus);
  return (features) => {
    const input: Record<string, number> = {};
    let unknown = 0;
    for (const f of new Set(features)) {
      if (known.has(f)) input[f] = 1;
      else unknown += 1;
    }
    if (useNoneFeature && unknown > 0) {
      let value = 0;
      let delta = noneDelta;
      for (let i = 0; i < unknown; i++) {
        value += delta;
        delta *= 1.2;
      }
      input.nonefeature = value;
    }
    const out = network.run(input) ?? {};
    const scores = Object.entries(out).map(([intent, score]) => {
      const own = intentFeatures.get(intent);
      const activated =
        intent === 'None' || (own !== undefined && Object.keys(input).some((f) => own.has(f)));
      return { intent, score: activated ? score ** 2 : 0 };
    });
    const total = scores.reduce((sum, s) => sum + s.score, 0);
    if (total === 0) return [];
    return scores
      .map((s) => ({ intent: s.intent, score: s.score / total }))
      .sort((a, b) => b.score - a.score);
  };
}

function naturalBayes(docs: readonly Document[]): Scorer {
  const classifier = new BayesClassifier();
  for (const d of docs) classifier.addDocument([...d.features], d.intent);
  classifier.train();
  return (features) => {
    const out = classifier.getClassifications([...features]);
    const total = out.reduce((sum, c) => sum + c.value, 0);
    return total > 0 ? out.map((c) => ({ intent: c.label, score: c.value / total })) : [];
  };
}

function naturalLogReg(docs: readonly Document[]): Scorer {
  const classifier = new LogisticRegressionClassifier();
  for (const d of docs) classifier.addDocument([...d.features], d.intent);
  classifier.train();
  return (features) =>
    classifier.getClassifications([...features]).map((c) => ({ intent: c.label, score: c.value }));
}

interface WinkClassifier {
  defineConfig(config: { considerOnlyPresence: boolean; smoothingFactor: number }): boolean;
  learn(tokens: string[], label: string): boolean;
  consolidate(): boolean;
  computeOdds(tokens: string[]): [string, number][];
}

function winkBayes(docs: readonly Document[]): Scorer {
  const create = require('wink-naive-bayes-text-classifier') as () => WinkClassifier;
  const classifier = create();
  classifier.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  for (const d of docs) classifier.learn([...d.features], d.intent);
  classifier.consolidate();
  return (features) => {
    const odds = classifier.computeOdds([...features]);
    // wink answers [['unknown', 0]] when no token of the utterance was learnt.
    if (odds.length === 1 && odds[0]?.[0] === 'unknown') return [];
    return odds.map(([intent, o]) => ({ intent, score: 1 / (1 + 2 ** -o) }));
  };
}

/** A library's intent classifier, with the home-made classifier's entities, slots and slot filling. */
export class LibraryClassifier extends IntentClassifier {
  declare readonly threshold: number;
  readonly engine: LibraryEngine;
  readonly featureSet: FeatureSet;
  /** Milliseconds the library took to train (the home-made part of the constructor not included). */
  readonly trainingMs: number;
  private readonly scorer: Scorer;
  private readonly intentNames: readonly IntentName[];

  constructor(model: BotLocaleModel, options: LibraryClassifierOptions = { engine: DEFAULT_ENGINE }) {
    super(model);
    const defaults = LIBRARY_DEFAULTS[options.engine];
    this.engine = options.engine;
    this.featureSet = options.features ?? defaults.features;
    this.threshold = options.threshold ?? defaults.thresholds[model.locale];
    this.intentNames = model.intents.map((i) => i.name).filter((n) => n !== 'FallbackIntent');
    const docs: Document[] = model.intents.flatMap((intent) =>
      intent.sampleUtterances.map((s) => ({
        intent: intent.name,
        features: featuresOf(this.delexicaliseSample(s), this.featureSet),
      })),
    );
    const started = performance.now();
    this.scorer = this.train(docs, options.noneFeature ?? defaults.noneFeature, model.localeId);
    this.trainingMs = performance.now() - started;
  }

  private train(docs: readonly Document[], none: boolean | 'language', localeId: string): Scorer {
    switch (this.engine) {
      case 'nlpjs-neural':
        // nlp.js's none-languages.js: useNoneFeature is on for English, off for Chinese.
        return nlpjsNeural(docs, none === 'language' ? localeId !== 'zh_CN' : none);
      case 'natural-bayes':
        return naturalBayes(docs);
      case 'wink-bayes':
        return winkBayes(docs);
      case 'natural-logreg':
        return naturalLogReg(docs);
    }
  }

  /**
   * The library's verdict before the threshold: its best intent, or FallbackIntent where the library
   * itself falls back (no word it learnt, or nlp.js's "None" on top); that score; every intent's score.
   */
  verdict(text: string): {
    readonly best: IntentName;
    readonly score: number;
    readonly ranking: IntentScore[];
  } {
    const out = this.scorer(featuresOf(this.delexicalise(text), this.featureSet));
    const known = new Set<string>(this.intentNames);
    const seen = new Set<string>();
    const ranking: IntentScore[] = [];
    for (const s of out) {
      // nlp.js's "None" is its own fallback: it takes no place among the bot's intents.
      if (!known.has(s.intent) || seen.has(s.intent)) continue;
      seen.add(s.intent);
      ranking.push({ intent: s.intent as IntentName, score: s.score });
    }
    for (const name of this.intentNames) if (!seen.has(name)) ranking.push({ intent: name, score: 0 });
    ranking.sort((a, b) => b.score - a.score);
    const top = out.reduce<LabelScore | undefined>(
      (a, b) => (a === undefined || b.score > a.score ? b : a),
      undefined,
    );
    const best = top && known.has(top.intent) ? (top.intent as IntentName) : 'FallbackIntent';
    return { best, score: top?.score ?? 0, ranking };
  }

  /** Classifies an utterance (FallbackIntent below the threshold) and fills the chosen intent's slots. */
  override classify(text: string): Classification {
    const { best, score, ranking } = this.verdict(text);
    const intent: IntentName =
      best !== 'FallbackIntent' && score >= this.threshold && this.hasRequest(text) ? best : 'FallbackIntent';
    return { intent, score, ranking, slots: this.slotsFor(intent, this.entities(text)) };
  }
}
