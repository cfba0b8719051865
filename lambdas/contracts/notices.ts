import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { type Locale, SUPPORTED_LOCALES } from './locales';

/**
 * Which notice text a caller heard: its version and the SHA-256 of the exact text, so the consent
 * ledger proves what the caller was told even after the text changes.
 */
export interface NoticeRef {
  /** Notice version, e.g. `2026-11-01`. */
  readonly version: string;
  /** Lower-case hex SHA-256 of the UTF-8 notice text as played. */
  readonly sha256: string;
}

/** The notice played in each locale; a locale without a notice is never recorded as heard. */
export type NoticeCatalog = Readonly<Partial<Record<Locale, NoticeRef>>>;

/** Schema of one {@link NoticeRef}. */
export const noticeRefSchema = z.object({
  version: z
    .string()
    .check(z.regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/, 'must be 1-32 letters, digits, dots or hyphens')),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters')),
});

/** Schema of a {@link NoticeCatalog} (the `NOTICES` environment variable, parsed from JSON). */
export const noticeCatalogSchema = z.partialRecord(z.enum(SUPPORTED_LOCALES), noticeRefSchema);

/**
 * Builds the reference of a notice text; the CDK side uses it to fill the `NOTICES` variable from
 * the same rendered text the flow plays.
 *
 * @param version notice version
 * @param text the notice text exactly as played (after placeholders are rendered)
 */
export function noticeRef(version: string, text: string): NoticeRef {
  return { version, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
