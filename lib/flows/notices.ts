import { createHash } from 'node:crypto';
import enUS from '../../contact-flows/notices/en-US.json';
import zhCN from '../../contact-flows/notices/zh-CN.json';
import { type AppConfig, type Locale, SUPPORTED_LOCALES } from '../config';
import { assertNoPlaceholders, fillPlaceholders } from './placeholders';

/** A notice template as stored in `contact-flows/notices/<locale>.json`. */
export interface NoticeTemplate {
  /** Locale of the text; must match the file name. */
  readonly locale: string;
  /** Version of the wording; bumped whenever the text changes. */
  readonly version: string;
  /** Text with `<<RETENTION_DAYS>>` and `<<NOTICE_VERSION>>` placeholders. */
  readonly text: string;
}

/** A notice as the caller hears it and as the consent ledger records it. */
export interface RenderedNotice {
  /** Notice version (equals `config.noticeVersion`). */
  readonly version: string;
  /** The exact text played to the caller. */
  readonly text: string;
  /** Lower-case hex sha256 of the UTF-8 bytes of `text`. */
  readonly sha256: string;
}

/** The notice templates by locale; one file per supported locale. */
export const NOTICE_TEMPLATES: Readonly<Record<Locale, NoticeTemplate>> = Object.freeze({
  'en-US': enUS,
  'zh-CN': zhCN,
});

/** Lower-case hex sha256 of the UTF-8 encoding of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Renders every supported locale's notice with the retention period and version from config,
 * and hashes it. The hashes go to the consent Lambda so each ledger entry proves which exact
 * words the caller heard.
 *
 * @throws Error when a notice file's version differs from `config.noticeVersion` (the text and
 *   the version recorded with each consent must move together), or a placeholder is left.
 */
export function renderNotices(config: AppConfig): Record<Locale, RenderedNotice> {
  const out = {} as Record<Locale, RenderedNotice>;
  for (const locale of SUPPORTED_LOCALES) {
    const template = NOTICE_TEMPLATES[locale];
    if (template.locale !== locale) {
      throw new Error(`notice file contact-flows/notices/${locale}.json declares locale ${template.locale}`);
    }
    if (template.version !== config.noticeVersion) {
      throw new Error(
        `notice ${locale} is version ${template.version} but config.noticeVersion is ${config.noticeVersion}; fix: pass -c noticeVersion=${template.version}, or update the text and "version" in contact-flows/notices/${locale}.json`,
      );
    }
    const text = fillPlaceholders(template.text, {
      RETENTION_DAYS: String(config.retentionDays),
      NOTICE_VERSION: template.version,
    });
    assertNoPlaceholders(text, `contact-flows/notices/${locale}.json`);
    out[locale] = Object.freeze({ version: template.version, text, sha256: sha256Hex(text) });
  }
  return out;
}
