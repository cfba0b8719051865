import enUS from '../../contact-flows/notices/en-US.json';
import zhCN from '../../contact-flows/notices/zh-CN.json';
import { type Locale, SUPPORTED_LOCALES } from '../../lambdas/contracts/locales';
import { noticeRef } from '../../lambdas/contracts/notices';
import { WITHDRAW_KEY } from '../../lambdas/contracts/session';
import type { AppConfig } from '../config';
import { assertNoPlaceholders, fillPlaceholders } from './placeholders';

/** A notice template as stored in `contact-flows/notices/<locale>.json`. */
export interface NoticeTemplate {
  /** Locale of the text; must match the file name. */
  readonly locale: string;
  /** Version of the wording; bumped whenever the text changes. */
  readonly version: string;
  /** Text with `<<RETENTION_DAYS>>`, `<<WITHDRAW_KEY>>` and `<<NOTICE_VERSION>>` placeholders. */
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
      WITHDRAW_KEY,
      NOTICE_VERSION: template.version,
    });
    assertNoPlaceholders(text, `contact-flows/notices/${locale}.json`);
    out[locale] = Object.freeze({ ...noticeRef(template.version, text), text });
  }
  return out;
}

/** What a recording notice must say (COMPLIANCE C1), in the words of the checker's reports. */
export const NOTICE_CONTENT = ['purpose', 'retention days', 'rights channel'] as const;
/** One required piece of notice content. */
export type NoticeContent = (typeof NOTICE_CONTENT)[number];

/** How each locale's notice says each required piece; the stored notices satisfy all of them (tested). */
interface NoticeContentRules {
  /** Why the call is recorded: "we use recordings only to …". */
  readonly purpose: RegExp;
  /** The retention period in days, as rendered from config. */
  readonly retention: (days: number) => RegExp;
  /** A data-subject right (see, copy, delete, withdraw) … */
  readonly rights: RegExp;
  /** … and a channel to exercise it (e-mail, a colleague on the phone, a web address). */
  readonly channel: RegExp;
}

const NOTICE_CONTENT_RULES: Readonly<Record<Locale, NoticeContentRules>> = Object.freeze({
  'en-US': {
    purpose:
      /\b(?:use|using|used)\b[^.]{0,40}\brecordings?\b[^.]{0,20}\b(?:to|for)\b|\brecord(?:s|ed|ing)?\b[^.]{0,40}\b(?:to|for|so that)\s+(?:check|improve|resolve|keep|ensure|verify|train|quality)/i,
    retention: (days) => new RegExp(`\\b${days}\\s+days\\b`, 'i'),
    rights: /\b(?:see|access|copy|delete|erase|correct|withdraw)\b/i,
    channel: /\b(?:e-?mail|speak to|talk to|call us|visit|website)\b|@|\bdot com\b/i,
  },
  'zh-CN': {
    purpose: /录音[^。]{0,10}用于/,
    retention: (days) => new RegExp(`${days}\\s*天`),
    rights: /查阅|复制|删除|更正|撤回/,
    channel: /电子邮件|邮箱|人工|致电|网站|@/,
  },
});

/** Outcome of {@link noticeContentGaps}: the locale whose rules fit best and what is missing. */
export interface NoticeContentGaps {
  /** Locale whose rules were applied (the one with the fewest gaps). */
  readonly locale: Locale;
  /** Required content the text lacks; empty when the text says everything. */
  readonly missing: readonly NoticeContent[];
}

/**
 * Checks that a notice text says why the call is recorded, how many days recordings are kept
 * (exactly `retentionDays`, as rendered from config) and how to exercise one's rights. Used for
 * flows whose exact notice text is unknown (rendered files checked by path): a text that
 * matches no rendered notice must at least carry this content.
 *
 * @param text the text played as the notice
 * @param retentionDays days the config keeps recordings
 */
export function noticeContentGaps(text: string, retentionDays: number): NoticeContentGaps {
  const results = SUPPORTED_LOCALES.map((locale) => {
    const rules = NOTICE_CONTENT_RULES[locale];
    const missing: NoticeContent[] = [];
    if (!rules.purpose.test(text)) missing.push('purpose');
    if (!rules.retention(retentionDays).test(text)) missing.push('retention days');
    if (!(rules.rights.test(text) && rules.channel.test(text))) missing.push('rights channel');
    return { locale, missing };
  });
  // Fewest gaps wins; on a tie, a text with CJK characters is judged by the zh-CN rules.
  const cjk = /[\u4e00-\u9fff]/.test(text);
  results.sort(
    (a, b) =>
      a.missing.length - b.missing.length ||
      +(a.locale === 'zh-CN') * (cjk ? -1 : 1) - +(b.locale === 'zh-CN') * (cjk ? -1 : 1),
  );
  return results[0] as NoticeContentGaps;
}
