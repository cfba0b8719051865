import type { Locale } from '../../lambdas/contracts/locales';
import type { BotLocaleModel, IntentName } from '../../lib/bot/types';
import { type Classification, IntentClassifier, type IntentScore } from './classifier';
import { LibraryClassifier } from './library-classifier';

/**
 * The local Lex stand-in's intent classifier: the home-made nearest-sample score (classifier.ts)
 * blended with nlp.js's NeuralNetwork (library-classifier.ts, `nlpjs-neural` on words and bigrams with
 * nlp.js's None feature, pinned here rather than taken from LIBRARY_DEFAULTS).
 *
 * Score of an intent = (1 − w) × its weighted Dice similarity to the nearest sample utterance + w × the
 * network's probability for it (nlp.js's "None" takes its share of the probability but is not an
 * intent), w = {@link BLEND_WEIGHT}. Below the locale's {@link BLEND_THRESHOLD} the result is
 * FallbackIntent. The two are wrong in different places: the nearest sample is exact where a caller
 * says what a sample says, and the network weighs every word against every intent, so it settles
 * turns whose nearest samples of two intents are about as close. With a small w the network decides
 * mostly between close candidates; the Dice score still decides the rest.
 *
 * Entities, slot filling and the home-made score are inherited unchanged; both parts train on the
 * bot model only (sample utterances and slot values), like the deployed bot. Lex's own model is not
 * public: neither part is Lex's algorithm, and the figures of `npm run bot:eval` are the stand-in's,
 * not the deployed bot's (`npm run bot:eval -- --lex aws --bot-alias-arn …` measures that one).
 */

/**
 * The network's share of the score. Chosen on the development sets (every bot:eval set but
 * HELD_OUT_SET) as the weight with the most correct answers over both locales, each at its own tuned
 * threshold (`npx tsx bin/nlu-compare.ts --variants` prints the grid).
 */
export const BLEND_WEIGHT = 0.1;

/**
 * Below this blended score the intent is FallbackIntent, per locale: the value with the most correct
 * answers over the development sets at {@link BLEND_WEIGHT} (ties: the highest), as
 * `npx tsx bin/nlu-compare.ts` prints it. Like STAND_IN_THRESHOLD it is on the stand-in's own scale,
 * not the deployed bot's `nluConfidenceThreshold`.
 */
export const BLEND_THRESHOLD: Readonly<Record<Locale, number>> = { 'en-US': 0.3017, 'zh-CN': 0.3167 };

/** How to build a blended classifier (defaults: {@link BLEND_WEIGHT}, {@link BLEND_THRESHOLD}). */
export interface BlendOptions {
  readonly weight?: number;
  readonly threshold?: number;
}

/** Home-made score and nlp.js's network, blended (see the module comment). */
export class BlendedClassifier extends IntentClassifier {
  declare readonly threshold: number;
  readonly networkShare: number;
  private readonly network: LibraryClassifier;

  constructor(model: BotLocaleModel, options: BlendOptions = {}) {
    super(model);
    this.networkShare = options.weight ?? BLEND_WEIGHT;
    this.threshold = options.threshold ?? BLEND_THRESHOLD[model.locale];
    // The network as it was when the weight was chosen (not LIBRARY_DEFAULTS, which may move on).
    this.network = new LibraryClassifier(model, {
      engine: 'nlpjs-neural',
      features: 'words+bigrams',
      noneFeature: true,
    });
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
