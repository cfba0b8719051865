import type { Locale } from '../../lambdas/contracts/locales';
import { expandContractions } from '../../lambdas/core/dialog/contractions';
import { asksNothingYet } from '../../lambdas/core/dialog/no-request';
import type { BotLocaleModel, IntentName, SlotModel } from '../../lib/bot/types';
import { findNumbers } from './builtins';

/**
 * Intent classification and slot extraction for the local Lex stand-in, trained only on the bot
 * model (sample utterances and slot type values), so the simulator and the deployed bot learn from
 * the same data.
 *
 * Algorithm (documented so results are explainable, not a black box):
 * 1. Normalise: NFKC, lower case, punctuation to spaces.
 * 2. Recognise slot values and replace each span with a slot token ("delexicalise"): catalog
 *    product and category names and synonyms (longest match first, English plurals allowed),
 *    six-digit order numbers, and numbers (digits, English number words, Chinese numerals).
 *    Sample utterances get the same tokens (`{Quantity}`/`{Budget}` both become `{number}`), so
 *    "how much is the quiet max" and "how much is the {Product}" become identical. A number right
 *    before a time unit ("two weeks", "三天") is `{duration}` instead: how long something lasted is
 *    no quantity to order.
 * 3. Features: for English, words (contractions expanded, lightly stemmed) and word bigrams; for Chinese,
 *    characters and character bigrams. A slot token is one word/character. Each feature is
 *    weighted by its inverse intent frequency, log(1 + intents / intents-using-it), so words every
 *    intent shares ("I", "the", "我") count little; a word no sample uses weighs like one half the
 *    intents share (it is no evidence either way, but dilutes the match).
 * 4. Score of an intent = the best weighted similarity between the utterance and any of its sample
 *    utterances (0..1): shared / (shared + a × caller-only + ½ × sample-only), the weights of the
 *    features both hold, only the caller's turn holds and only the sample holds (Tversky's index).
 *    At a = ½ (the default) it is Dice's; a smaller a lets a long turn that says a whole sample among
 *    other words stay near it ({@link ClassifierOptions.callerOnlyShare}). Below the locale's
 *    {@link STAND_IN_THRESHOLD}, the result is FallbackIntent, as Lex falls back below its
 *    `nluConfidenceThreshold`.
 */

/** Slot token of each recognised value kind. */
const TOKEN = {
  Product: '{product}',
  Category: '{category}',
  Number: '{number}',
  OrderNumber: '{ordernumber}',
} as const;
type EntityKind = keyof typeof TOKEN;

/** A value recognised in an utterance. */
export interface Entity {
  readonly kind: EntityKind;
  /** Resolved value: canonical catalog name, or digits. */
  readonly value: string;
  /** What the caller said. */
  readonly original: string;
  readonly start: number;
  readonly end: number;
  /** A number said as an amount of money ("under 60", "三百块以内"), see {@link AMOUNT_BEFORE}. */
  readonly amount?: boolean;
}

/** A slot value the stand-in fills, in Lex's terms. */
export interface SlotFill {
  readonly originalValue: string;
  readonly interpretedValue: string;
}

/** One intent's score. */
export interface IntentScore {
  readonly intent: IntentName;
  readonly score: number;
}

/** The classifier's verdict on one utterance. */
export interface Classification {
  /** The best intent, or FallbackIntent below the threshold. */
  readonly intent: IntentName;
  readonly score: number;
  /** Every custom intent, best first. */
  readonly ranking: readonly IntentScore[];
  /** Slots of the chosen intent found in the utterance. */
  readonly slots: Readonly<Record<string, SlotFill>>;
}

interface Surface {
  readonly text: string;
  readonly value: string;
  readonly kind: 'Product' | 'Category';
}

const CJK = /[\u3400-\u9fff]/;

/** Words after which "one" stands for a thing already named ("the cheaper one"), not a count. */
const PRONOUN_ONE_AFTER =
  /\b(?:the|that|this|which|other|another|same|right|wrong|first|second|third|last|new|old|older|newer|cheap|cheaper|cheapest|expensive|pricier|best|better|good|big|bigger|small|smaller|little|cancelling|canceling|wireless|black|white|red|blue|green|grey|gray|pink|silver)\s+$/;

/** A time unit right after a number: "two weeks", "三天", "一个月" is a duration, not a quantity. */
const DURATION_AFTER =
  /^\s*(?:(?:days?|weeks?|months?|years?|hours?|minutes?)(?![a-z])|天|周|星期|个星期|个礼拜|礼拜|个月|年|小时|个小时|分钟)/;
const DURATION_TOKEN = '{duration}';

/**
 * Words before or after a number that make it an amount of money, as the Budget samples place them
 * ("under {Budget}", "{Budget} dollars", "预算{Budget}", "{Budget}块以内"). Lex fills a slot from the span
 * its samples give it; the stand-in takes a slot from any entity of the slot's type, so without this
 * "can you recommend one" or "推荐一个耳机" would carry a budget of 1, and "the 40 dollar speaker" a
 * quantity of 40. A count word after the number ({@link COUNT_AFTER}) wins over both.
 */
const AMOUNT_BEFORE =
  /(?:[$¥￥]|\b(?:under|below|than|around|about|roughly|budget(?: is| of)?|up to|within|spend|(?:get|buy) for|(?:only|just) (?:have|got))\s+|预算[是有只大概在约]*|大概|不超过|不到|低于|少于|最多|就|才)\s*$/;
const AMOUNT_AFTER =
  /^\s*(?:(?:dollars?|bucks?|usd|to spend|or less|or under|tops)(?![a-z])|块|元|以内|以下|左右|上下|之间)/;
/** A measure word or a count noun right after a number: "两个", "一副", "two units" count things. */
const COUNT_AFTER = /^\s*(?:[个件台只副根对盏套把款份]|(?:units?|pieces?|pairs?|of them|of those)(?![a-z]))/;

/** Lower-cases, applies NFKC and turns punctuation into spaces (offsets are preserved). */
export function normaliseUtterance(text: string): string {
  return [...text.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'")]
    .map((c) => (/[\p{P}\p{S}]/u.test(c) && c !== '{' && c !== '}' ? ' ' : c))
    .join('');
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The stand-in's own cut-off below which an utterance is FallbackIntent, per locale. It is not the
 * deployed bot's `nluConfidenceThreshold` (0.4, a Lex confidence): a weighted Dice similarity is
 * on another scale, so the same number would mean something else. Each value is the one with the
 * most correct answers over the development sets (every bot:eval set but the held-out one, see
 * HELD_OUT_SET in local/bot-eval.ts), as `npx tsx bin/nlu-compare.ts` prints it ("threshold tuned on
 * development sets"); the held-out set never chooses it.
 */
export const STAND_IN_THRESHOLD: Readonly<Record<Locale, number>> = { 'en-US': 0.2463, 'zh-CN': 0.2519 };

/** How to build an IntentClassifier. */
export interface ClassifierOptions {
  /**
   * Share of the weight of the caller's features that no sample holds in the similarity's
   * denominator (the sample's own unmatched features count ½): ½, the default, is Dice's similarity;
   * STAND_IN_THRESHOLD was tuned at ½.
   */
  readonly callerOnlyShare?: number;
}

/** Per-locale classifier; build once per bot locale. */
export class IntentClassifier {
  private readonly surfaces: readonly Surface[];
  private readonly samples: readonly { intent: IntentName; features: Map<string, number> }[];
  private readonly weights = new Map<string, number>();
  private readonly unseenWeight: number;
  private readonly callerOnlyShare: number;
  readonly threshold: number;

  constructor(
    private readonly model: BotLocaleModel,
    options: ClassifierOptions = {},
  ) {
    this.threshold = STAND_IN_THRESHOLD[model.locale];
    this.callerOnlyShare = options.callerOnlyShare ?? 0.5;
    const surfaces: Surface[] = [];
    for (const type of model.slotTypes) {
      const kind =
        type.name === 'ProductName' ? 'Product' : type.name === 'ProductCategory' ? 'Category' : undefined;
      if (!kind) continue;
      for (const v of type.values) {
        for (const s of [v.value, ...v.synonyms]) {
          surfaces.push({ text: normaliseUtterance(s).trim(), value: v.value, kind });
        }
      }
    }
    this.surfaces = surfaces.sort((a, b) => b.text.length - a.text.length);

    const raw: { intent: IntentName; features: string[] }[] = [];
    for (const intent of model.intents) {
      for (const sample of intent.sampleUtterances) {
        const delex = this.delexicaliseSample(sample);
        raw.push({ intent: intent.name, features: this.features(this.tokens(delex)) });
      }
    }
    const intentsWith = new Map<string, Set<IntentName>>();
    for (const r of raw) {
      for (const f of r.features) {
        const set = intentsWith.get(f) ?? new Set<IntentName>();
        set.add(r.intent);
        intentsWith.set(f, set);
      }
    }
    const intentCount = new Set(raw.map((r) => r.intent)).size;
    for (const [f, set] of intentsWith) this.weights.set(f, Math.log(1 + intentCount / set.size));
    // A word no sample uses is no evidence for any intent; weigh it like a word half the intents share.
    this.unseenWeight = Math.log(3);
    this.samples = raw.map((r) => ({ intent: r.intent, features: this.bag(r.features) }));
  }

  /** Recognises product, category, order-number and number values in an utterance. */
  entities(raw: string): Entity[] {
    const text = expandContractions(raw);
    const norm = normaliseUtterance(text);
    const found: Entity[] = [];
    const free = (s: number, e: number) => !found.some((f) => s < f.end && e > f.start);
    for (const surface of this.surfaces) {
      if (surface.text.length === 0) continue;
      const pattern = CJK.test(surface.text)
        ? new RegExp(escapeRegex(surface.text), 'g')
        : new RegExp(
            `(?<![a-z0-9])${escapeRegex(surface.text).replace(/ /g, '\\s*')}(?:s|es)?(?![a-z0-9])`,
            'g',
          );
      for (const m of norm.matchAll(pattern)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!free(start, end)) continue;
        found.push({
          kind: surface.kind,
          value: surface.value,
          original: text.slice(start, end),
          start,
          end,
        });
      }
    }
    // Order numbers are often read digit by digit ("4 8 2 9 1 3"): look at digit runs with spaces.
    for (const m of norm.matchAll(/(?<![0-9])[1-9](?:\s*[0-9]){5}(?![0-9])/g)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      found.push({
        kind: 'OrderNumber',
        value: m[0].replace(/\s/g, ''),
        original: text.slice(start, end),
        start,
        end,
      });
    }
    for (const n of findNumbers(norm)) {
      if (!free(n.start, n.end)) continue;
      const kind = /^[1-9]\d{5}$/.test(n.value) ? 'OrderNumber' : 'Number';
      // "$50" keeps its sign in the text only (normalising turns symbols into spaces).
      const before = text.slice(0, n.start).toLowerCase();
      const after = norm.slice(n.end);
      const countsThings =
        COUNT_AFTER.test(after) ||
        found.some(
          (f) =>
            (f.kind === 'Product' || f.kind === 'Category') &&
            f.start >= n.end &&
            /^\s*$/.test(norm.slice(n.end, f.start)),
        );
      const amount = !countsThings && (AMOUNT_AFTER.test(after) || AMOUNT_BEFORE.test(before));
      found.push({
        kind,
        value: n.value,
        original: text.slice(n.start, n.end),
        start: n.start,
        end: n.end,
        amount,
      });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /**
   * The utterance with every recognised value replaced by its slot token, except an English "one"
   * that stands for a thing ("the noise cancelling one", "a new one"): it still fills a number slot
   * (AMAZON.Number reads it as 1), but as a feature it is the word, not a quantity.
   */
  delexicalise(raw: string, entities: readonly Entity[] = this.entities(raw)): string {
    const norm = normaliseUtterance(expandContractions(raw));
    let out = '';
    let at = 0;
    for (const e of entities) {
      const before = norm.slice(at, e.start);
      const pronoun =
        e.kind === 'Number' &&
        e.original.toLowerCase() === 'one' &&
        PRONOUN_ONE_AFTER.test(norm.slice(0, e.start));
      const duration = e.kind === 'Number' && DURATION_AFTER.test(norm.slice(e.end));
      out += pronoun ? `${before}one` : `${before} ${duration ? DURATION_TOKEN : TOKEN[e.kind]} `;
      at = e.end;
    }
    return out + norm.slice(at);
  }

  /**
   * A sample utterance as the classifier reads it: slot references as slot tokens, and the values a
   * caller's turn has replaced (catalog names, numbers) replaced the same way, so "my headset
   * stopped working" in an intent without a Product slot reads as a caller saying it does.
   */
  delexicaliseSample(sample: string): string {
    return this.delexicalise(sample.replace(/\{(Quantity|Budget)\}/g, TOKEN.Number));
  }

  private tokens(delex: string): string[] {
    return utteranceTokens(delex);
  }

  private features(tokens: readonly string[]): string[] {
    const out = [...tokens];
    for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
    return out;
  }

  private bag(features: readonly string[]): Map<string, number> {
    const bag = new Map<string, number>();
    for (const f of features) bag.set(f, (bag.get(f) ?? 0) + 1);
    return bag;
  }

  private weight(feature: string): number {
    return this.weights.get(feature) ?? this.unseenWeight;
  }

  /** Weighted similarity of a caller's turn to a sample, 0..1 (step 4 of the module comment). */
  private similarity(turn: Map<string, number>, sample: Map<string, number>): number {
    let shared = 0;
    let turnTotal = 0;
    let sampleTotal = 0;
    for (const [f, n] of turn) {
      const w = this.weight(f);
      turnTotal += w * n;
      const m = sample.get(f);
      if (m !== undefined) shared += w * Math.min(n, m);
    }
    for (const [f, n] of sample) sampleTotal += this.weight(f) * n;
    const denominator = 2 * shared + 2 * this.callerOnlyShare * (turnTotal - shared) + (sampleTotal - shared);
    return denominator === 0 ? 0 : (2 * shared) / denominator;
  }

  /**
   * Whether a turn asks for anything: false when it holds only fillers or breaks off before its
   * request (lambdas/core/dialog/no-request.ts, the rule the fulfillment function applies too).
   */
  hasRequest(text: string): boolean {
    return !asksNothingYet(text, this.model.locale);
  }

  /** Classifies an utterance and fills the chosen intent's slots from it. */
  classify(text: string): Classification {
    const entities = this.entities(text);
    const bag = this.bag(this.features(this.tokens(this.delexicalise(text, entities))));
    const best = new Map<IntentName, number>();
    for (const s of this.samples) {
      const score = this.similarity(bag, s.features);
      if (score > (best.get(s.intent) ?? -1)) best.set(s.intent, score);
    }
    const ranking = [...best].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
    const top = ranking[0];
    const intent: IntentName =
      top && top.score >= this.threshold && this.hasRequest(text) ? top.intent : 'FallbackIntent';
    return { intent, score: top?.score ?? 0, ranking, slots: this.slotsFor(intent, entities) };
  }

  /**
   * Slot values of an intent taken from recognised entities (first entity of a kind wins). A number
   * fills the Budget slot only when said as an amount of money, and any other number slot only when
   * not ({@link AMOUNT_BEFORE}); an answer to a slot's own prompt ({@link fillSlot}) needs no such words.
   */
  slotsFor(intentName: IntentName, entities: readonly Entity[]): Record<string, SlotFill> {
    const intent = this.model.intents.find((i) => i.name === intentName);
    const out: Record<string, SlotFill> = {};
    for (const slot of intent?.slots ?? []) {
      // AMAZON.FreeFormInput is recognised only when elicited (Lex V2 documents it so).
      if (slot.slotTypeName === 'AMAZON.FreeFormInput') continue;
      const kind = slotKind(slot);
      const entity = entities.find(
        (e) => e.kind === kind && (kind !== 'Number' || Boolean(e.amount) === AMOUNT_SLOTS.has(slot.name)),
      );
      if (entity) out[slot.name] = { originalValue: entity.original.trim(), interpretedValue: entity.value };
    }
    return out;
  }

  /** Reads one slot's value from an answer to its elicitation prompt. */
  fillSlot(slot: SlotModel, text: string): SlotFill | undefined {
    // AMAZON.FreeFormInput: the resolved value is the entire input utterance.
    if (slot.slotTypeName === 'AMAZON.FreeFormInput') {
      const said = text.trim();
      return said === '' ? undefined : { originalValue: said, interpretedValue: said };
    }
    const kind = slotKind(slot);
    const entities = this.entities(text);
    const entity =
      entities.find((e) => e.kind === kind) ??
      // "123456" answering "how many?" is still a number; a number answering an order prompt is not.
      (kind === 'Number' ? entities.find((e) => e.kind === 'OrderNumber') : undefined);
    return entity ? { originalValue: entity.original.trim(), interpretedValue: entity.value } : undefined;
  }
}

/**
 * The tokens of a delexicalised utterance: slot tokens whole, Chinese as single characters, Latin
 * words lightly stemmed (what the classifier's features are built from; the library adapter uses
 * the same).
 */
export function utteranceTokens(delex: string): string[] {
  const tokens: string[] = [];
  for (const chunk of delex.split(/\s+/).filter((s) => s.length > 0)) {
    if (chunk.startsWith('{') && chunk.endsWith('}')) {
      tokens.push(chunk);
      continue;
    }
    // Split CJK into characters; keep Latin words (and slot tokens glued to CJK) whole.
    for (const part of chunk.split(/(\{[a-z]+\}|[\u3400-\u9fff])/).filter((s) => s.length > 0)) {
      tokens.push(CJK.test(part) || part.startsWith('{') ? part : stem(part));
    }
  }
  return tokens;
}

/** A light English stemmer: plural and tense endings off, so "cancelled" meets "cancel". */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1');
}

/** The number slots that hold an amount of money. */
const AMOUNT_SLOTS: ReadonlySet<string> = new Set(['Budget']);

function slotKind(slot: SlotModel): EntityKind {
  switch (slot.slotTypeName) {
    case 'ProductName':
      return 'Product';
    case 'ProductCategory':
      return 'Category';
    case 'OrderNumberType':
      return 'OrderNumber';
    default:
      return 'Number';
  }
}
