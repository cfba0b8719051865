import * as z from 'zod/mini';
import faqJson from '../../data/faq.json';
import { type Locale, SUPPORTED_LOCALES } from './locales';

/**
 * The FAQ knowledge base, one source for the bot (one Lex intent per entry, its sample utterances
 * from the entry's questions) and for the answers the robot speaks, so ops change a question or an
 * answer in data/faq.json alone and the bot cannot drift from it.
 *
 * Answers are approved text, spoken exactly as written: nothing is generated or paraphrased. The
 * file carries a version, so a transcript or a test can name the text a caller heard.
 */

/** Name of an FAQ intent: `Faq` and a PascalCase rest (a valid Lex V2 intent name). */
export const FAQ_INTENT_PATTERN = /^Faq[A-Z][A-Za-z]+$/;

/** Fewest sample questions per entry and locale (Lex needs enough to tell intents apart). */
export const MIN_FAQ_QUESTIONS = 14;

/** Words of letters or digits with single spaces between them: what a caller says, no punctuation. */
const PLAIN_WORDS = /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u;

const perLocale = <T extends z.ZodMiniType>(item: T) => z.strictObject({ 'en-US': item, 'zh-CN': item });

/** The comparison key of a question: two questions that differ only in case or spacing are one. */
export function questionKey(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** One sample question: 1-200 characters of lower-case plain words, as a caller says it on the phone. */
const questionSchema = z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.regex(PLAIN_WORDS, 'must be plain words without punctuation'),
  z.refine((q) => q === q.toLowerCase(), 'must be lower case'),
);

/** One approved answer: one or two short spoken sentences. */
const answerSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(300),
    z.regex(/^\S(?:[\s\S]*\S)?$/, 'must not start or end with a space'),
  );

/** One FAQ entry as stored in data/faq.json: the questions that ask it and the answer, per locale. */
export const faqEntrySchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be kebab-case')),
  intent: z.string().check(z.regex(FAQ_INTENT_PATTERN, 'must be Faq and a PascalCase name')),
  questions: perLocale(z.array(questionSchema).check(z.minLength(MIN_FAQ_QUESTIONS))),
  answer: perLocale(answerSchema),
  /**
   * The approved answer for a deployment without keypad card payments (no payment key configured),
   * where `answer` would offer what the call cannot do.
   */
  answerWithoutCardPayments: z.optional(perLocale(answerSchema)),
});

/** The whole FAQ file: ids, intents and questions are unique across all entries and locales. */
export const faqSchema = z
  .strictObject({
    version: z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, 'must be a date and a release number, e.g. 2026-12-01.1')),
    entries: z.array(faqEntrySchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((faq, ctx) => {
      const ids = new Set<string>();
      const intents = new Set<string>();
      const questions = new Map<string, string>();
      faq.entries.forEach((entry, i) => {
        if (ids.has(entry.id)) {
          ctx.addIssue({ code: 'custom', message: `duplicate id ${entry.id}`, path: ['entries', i, 'id'] });
        }
        ids.add(entry.id);
        if (intents.has(entry.intent)) {
          ctx.addIssue({
            code: 'custom',
            message: `duplicate intent ${entry.intent}`,
            path: ['entries', i, 'intent'],
          });
        }
        intents.add(entry.intent);
        for (const locale of SUPPORTED_LOCALES) {
          entry.questions[locale].forEach((question, k) => {
            const key = questionKey(question);
            const first = questions.get(key);
            if (first !== undefined) {
              ctx.addIssue({
                code: 'custom',
                message: `duplicate question "${question}" (first in ${first})`,
                path: ['entries', i, 'questions', locale, k],
              });
            } else {
              questions.set(key, entry.id);
            }
          });
        }
      });
    }),
  );

/** An FAQ entry. */
export type FaqEntry = z.infer<typeof faqEntrySchema>;
/** The FAQ knowledge base. */
export type Faq = z.infer<typeof faqSchema>;

/** The FAQ shipped in data/faq.json, validated once at module load. */
export const FAQ: Faq = faqSchema.parse(faqJson);

/** Version of the shipped FAQ (`version` of data/faq.json), e.g. `2026-12-01.1`. */
export const FAQ_VERSION: string = FAQ.version;

const BY_INTENT: ReadonlyMap<string, FaqEntry> = new Map(FAQ.entries.map((e) => [e.intent, e]));

/**
 * The approved answer of an FAQ intent, exactly as the robot speaks it.
 *
 * @param intent the Lex intent name (e.g. `FaqReturns`)
 * @param locale the caller's locale
 * @returns the answer, or undefined when the intent is not an FAQ intent of the shipped file
 */
export function faqAnswer(
  intent: string,
  locale: Locale,
  options: { readonly cardPayments?: boolean; readonly timeZoneName?: string } = {},
): string | undefined {
  const entry = BY_INTENT.get(intent);
  if (!entry) return undefined;
  const text =
    options.cardPayments === false && entry.answerWithoutCardPayments
      ? entry.answerWithoutCardPayments[locale]
      : entry.answer[locale];
  return text.replaceAll(TIME_ZONE_PLACEHOLDER, options.timeZoneName ?? '');
}

/**
 * Where an answer names the agents' time zone (config `agentTimeZone`), spoken in the caller's
 * language ("China Standard Time", "中国标准时间").
 */
export const TIME_ZONE_PLACEHOLDER = '{agentTimeZone}';
