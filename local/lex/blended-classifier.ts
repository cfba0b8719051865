import type { Locale } from '../../lambdas/contracts/locales';
import type { BotLocaleModel, IntentName } from '../../lib/bot/types';
import { type Classification, IntentClassifier, type IntentScore } from './classifier';
import { LibraryClassifier } from './library-classifier';

/**
 * The local Lex stand-in's intent classifier: the home-made nearest-sample score (classifier.ts)
 * blended with nlp.js's NeuralNetwork (library-classifier.ts, `nlpjs-neural` on words and bigrams with
 * nlp.js's None feature, pinned here rather than taken from LIBRARY_DEFAULTS).
 *
 * Score of an intent = (1 − w) × its similarity to the nearest sample utterance + w × the network's
 * probability for it (nlp.js's "None" takes its share of the probability but is not an intent),
 * w = {@link BLEND_WEIGHT} of the locale, the similarity at the locale's {@link BLEND_CALLER_ONLY_SHARE}.
 * Below the locale's {@link BLEND_THRESHOLD} the result is FallbackIntent. The two are wrong in
 * different places: the nearest sample is exact where a caller says what a sample says, and the
 * network weighs every word against every intent, so it settles turns whose nearest samples of two
 * intents are about as close. With a small w the network decides mostly between close candidates;
 * the similarity still decides the rest.
 *
 * Entities, slot filling and the home-made score are inherited; both parts train on the bot model only
 * (sample utterances and slot values), like the deployed bot. Lex's own model is not public: neither
 * part is Lex's algorithm, and the figures of `npm run bot:eval` are the stand-in's, not the deployed
 * bot's (`npm run bot:eval -- --lex aws --bot-alias-arn …` measures that one).
 *
 * The three numbers per locale are chosen together on the development sets (every bot:eval set but
 * HELD_OUT_SET): the pair of weight and caller-only share with the most correct answers, each at its
 * tuned threshold (ties: the share nearer Dice's ½, then the smaller weight), as
 * `npx tsx bin/nlu-compare.ts --variants` prints the grid. On zh-CN the pair (0.15, 0.35) got 1,652
 * of sets 1-10's 1,682 turns right, the previous (0.1, ½) 1,644; on en-US Dice's share stayed best.
 * With sets 11-13 development sets too, the grid keeps both pairs (en-US 2,269 of sets 1-13's 2,314
 * turns, zh-CN 2,172 of 2,199), each at a threshold tuned again on them (en-US 0.2957, zh-CN 0.3443).
 * With set 14 a development set too, the thresholds were tuned again at the same pairs (en-US 0.2841,
 * zh-CN 0.3454 once the stand-in read 一副/一根/一对 as numbers); the grid of pairs was not run again.
 */

/** The network's share of the score, per locale (see the module comment). */
export const BLEND_WEIGHT: Readonly<Record<Locale, number>> = { 'en-US': 0.1, 'zh-CN': 0.15 };

/**
 * The home-made similarity's caller-only share, per locale (ClassifierOptions.callerOnlyShare; ½ is
 * Dice's similarity).
 */
export const BLEND_CALLER_ONLY_SHARE: Readonly<Record<Locale, number>> = { 'en-US': 0.5, 'zh-CN': 0.35 };

/**
 * Below this blended score the intent is FallbackIntent, per locale: the value with the most correct
 * answers over the development sets at the locale's weight and share (ties: the highest), as
 * `npx tsx bin/nlu-compare.ts` prints it. Like STAND_IN_THRESHOLD it is on the stand-in's own scale,
 * not the deployed bot's `nluConfidenceThreshold`.
 */
export const BLEND_THRESHOLD: Readonly<Record<Locale, number>> = { 'en-US': 0.2841, 'zh-CN': 0.3454 };

/** How to build a blended classifier (defaults: the locale's constants above). */
export interface BlendOptions {
  readonly weight?: number;
  readonly callerOnlyShare?: number;
  readonly threshold?: number;
}

/** Home-made score and nlp.js's network, blended (see the module comment). */
export class BlendedClassifier extends IntentClassifier {
  declare readonly threshold: number;
  readonly networkShare: number;
  private readonly network: LibraryClassifier;

  constructor(model: BotLocaleModel, options: BlendOptions = {}) {
    super(model, { callerOnlyShare: options.callerOnlyShare ?? BLEND_CALLER_ONLY_SHARE[model.locale] });
    this.networkShare = options.weight ?? BLEND_WEIGHT[model.locale];
    this.threshold = options.threshold ?? BLEND_THRESHOLD[model.locale];
    this.network = networkOf(model);
  }

  /** Every custom intent's blended score, best first (before the threshold). */
  blendedRanking(text: string): IntentScore[] {
    const home = super.classify(text).ranking;
    const net = new Map(this.network.verdict(text).ranking.map((r) => [r.intent, r.score]));
    return home
      .map((r) => ({
        intent: r.intent,
        score: (1 - this.networkShare) * r.score + this.networkShare * (net.get(r.intent) ?? 0),
      }))
      .sort((a, b) => b.score - a.score);
  }

  override classify(text: string): Classification {
    const ranking = this.blendedRanking(text);
    const top = ranking[0];
    const intent: IntentName =
      top && top.score >= this.threshold && this.hasRequest(text) ? top.intent : 'FallbackIntent';
    return { intent, score: top?.score ?? 0, ranking, slots: this.slotsFor(intent, this.entities(text)) };
  }
}

const networks = new WeakMap<BotLocaleModel, LibraryClassifier>();

/**
 * nlp.js's network of a model, trained once per model object: it depends on the model only, so
 * blends of other weights or shares (nlu-compare's grid) share it.
 */
function networkOf(model: BotLocaleModel): LibraryClassifier {
  let n = networks.get(model);
  if (!n) {
    // The network as it was when the weight was chosen (not LIBRARY_DEFAULTS, which may move on).
    n = new LibraryClassifier(model, {
      engine: 'nlpjs-neural',
      features: 'words+bigrams',
      noneFeature: true,
    });
    networks.set(model, n);
  }
  return n;
}

const built = new WeakMap<BotLocaleModel, BlendedClassifier>();

/**
 * The stand-in's classifier of a bot locale model, trained once per model object in a process (the
 * network trains for about two seconds; every LocalLex, bot:eval and bot:review on the same model
 * shares it, and a patched model is a new object, so it trains its own).
 */
export function standInClassifier(model: BotLocaleModel): BlendedClassifier {
  let c = built.get(model);
  if (!c) {
    c = new BlendedClassifier(model);
    built.set(model, c);
  }
  return c;
}
