import { FAQ, type Faq } from '../../lambdas/contracts/faq';
import type { Locale } from '../../lambdas/contracts/locales';

/**
 * FAQ intents of the bot, built from data/faq.json: each entry becomes one intent whose sample
 * utterances are the entry's questions, so ops add or change a question in the data file and the
 * bot gains it on the next deploy without anyone editing an intent by hand.
 */

/** One FAQ intent in one locale: what the bot model needs, and the approved answer it speaks. */
export interface FaqIntentModel {
  /** The Lex intent name (`intent` of the entry, e.g. `FaqReturns`). */
  readonly name: string;
  /** The Lex intent description. */
  readonly description: string;
  /** The entry's questions in this locale, in file order. */
  readonly sampleUtterances: readonly string[];
  /** The approved answer in this locale, exactly as the robot speaks it. */
  readonly answer: string;
}

/**
 * The FAQ intents of one locale, one per entry in file order.
 *
 * @param locale the bot locale
 * @param faq the FAQ (tests pass their own; the CDK and the simulator use the shipped file)
 */
export function faqIntentModels(locale: Locale, faq: Faq = FAQ): FaqIntentModel[] {
  return faq.entries.map((entry) => ({
    name: entry.intent,
    description: `FAQ ${entry.id}: answers with the approved text of data/faq.json ${faq.version}`,
    sampleUtterances: [...entry.questions[locale]],
    answer: entry.answer[locale],
  }));
}
