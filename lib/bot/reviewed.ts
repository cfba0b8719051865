import * as z from 'zod/mini';
import reviewedJson from '../../data/reviewed-utterances.json';
import { SUPPORTED_LOCALES } from '../../lambdas/contracts/locales';
import type { CustomIntentName } from './types';

/**
 * Sample utterances the improvement loop added (`npm run bot:review`, data/reviewed-utterances.json):
 * per shop intent and locale, merged into the bot model after the hand-written ones of
 * ./utterances.ts, so an accepted review changes one data file and the next deploy publishes a
 * bot version with it. FAQ questions the loop adds go to data/faq.json instead.
 */

const utterance = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^?!。？！，,.]+$/));

/** The file's shape. */
export const reviewedUtterancesSchema = z.object({
  version: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  intents: z.record(z.string(), z.partialRecord(z.enum(SUPPORTED_LOCALES), z.array(utterance))),
});
/** The reviewed utterances. */
export type ReviewedUtterances = z.infer<typeof reviewedUtterancesSchema>;

/** The shipped file, validated. */
export const REVIEWED_UTTERANCES: ReviewedUtterances = reviewedUtterancesSchema.parse(reviewedJson);

/** The reviewed utterances of one intent and locale. */
export function reviewedFor(
  reviewed: ReviewedUtterances,
  intent: CustomIntentName,
  locale: (typeof SUPPORTED_LOCALES)[number],
): readonly string[] {
  return reviewed.intents[intent]?.[locale] ?? [];
}
