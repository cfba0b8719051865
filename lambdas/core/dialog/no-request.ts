import type { Locale } from '../../contracts/locales';

/**
 * Turns that ask for nothing yet: only fillers and greetings ("um uh", "嗯那个", "hello"), or words
 * that break off where a request would begin ("the blue one with the", "hello can you", "呃我想").
 * Such a turn gets the fallback ("sorry, I didn't catch that …") whichever intent its words
 * resemble: the caller is asked again instead of being answered for an intent they never named.
 * Lex documents no such rule, so the fulfillment function applies it to every turn that starts
 * a request (the dialog's screen), and the local stand-in's classifier applies the same one.
 */

/**
 * Words that are no request of their own, per locale: hesitations and fillers ("um", "you know",
 * "嗯", "那个"), holding on ("hang on", "等一下", "我找一下"), asking to hear it again ("what?", "什么"),
 * greetings and bare acknowledgements ("hello", "yeah", "喂", "好的", "不是"; an answer to a yes/no
 * question is read by the confirmation, not here) and articles and particles ("the", "的").
 */
export const NO_REQUEST: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [
    'let me think',
    'let me see',
    'come again',
    'you know',
    'i mean',
    'hang on',
    'hold on',
    'let me grab a pen',
    'let me find it',
    'let me check',
    'let me look',
    'one moment',
    'one sec',
    'one second',
    'pardon',
    'sorry',
    'what',
    'wait',
    'hmm',
    'umm',
    'uhh',
    'erm',
    'like',
    'well',
    'huh',
    'um',
    'uh',
    'er',
    'ah',
    'eh',
    'hm',
    'so',
    'yeah',
    'yes',
    'okay',
    'ok',
    'hello',
    'hi',
    'hey',
    // Words that carry no request without others.
    'the',
    'and',
    'an',
    'a',
    'or',
    'of',
    'it',
    'is',
  ],
  'zh-CN': [
    '什么来着',
    '怎么说呢',
    '让我想想',
    '我想一想',
    '我想想',
    '就是说',
    '那什么',
    '等一下',
    '等一会',
    '等下',
    '等会',
    '我找一下',
    '我找找',
    '我找下',
    '找一下',
    '找找',
    '找个笔',
    '我看一下',
    '我看看',
    '你说什么',
    '你好',
    '好的',
    '是的',
    '不是',
    '喂',
    '你说啥',
    '什么',
    '那个',
    '就是',
    '然后',
    '等等',
    '稍等',
    '来着',
    '嗯',
    '呃',
    '额',
    '啊',
    '哦',
    '噢',
    '唔',
    '哎',
    '诶',
    '欸',
    '呀',
    '啥',
    '的',
    '了',
    '吧',
    '呢',
  ],
};

const CJK_CHAR = /[\u3400-\u9fff]/;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The locale's NO_REQUEST phrases as one pattern, longest first (Latin ones as whole words). */
const NO_REQUEST_PATTERN: Readonly<Record<Locale, RegExp>> = {
  'en-US': phrasePattern(NO_REQUEST['en-US']),
  'zh-CN': phrasePattern(NO_REQUEST['zh-CN']),
};

function phrasePattern(phrases: readonly string[]): RegExp {
  return new RegExp(
    [...phrases]
      .sort((a, b) => b.length - a.length)
      .map((p) => (CJK_CHAR.test(p) ? escapeRegex(p) : `(?<![a-z0-9])${escapeRegex(p)}(?![a-z0-9])`))
      .join('|'),
    'g',
  );
}

/**
 * Lower case, NFKC, "it's" as "it is" and "don't" as "do not" (the words NO_REQUEST lists), every
 * other punctuation mark or symbol a space.
 */
function plain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/'s\b/g, ' is')
    .replace(/n't\b/g, ' not')
    .replace(/[\p{P}\p{S}]/gu, ' ');
}

/**
 * The last words of an English turn that break off a request: an article, a preposition, a
 * conjunction, a possessive or "can you" with nothing after it. Hesitations after them
 * ("with the um") do not finish it.
 */
const EN_BROKEN_OFF = /(?:^|\s)(?:the|a|an|with|of|or|and|to|for|about|my|your|(?:can|could|would) you)$/;
const EN_TRAILING_HESITATION = /(?:\s+(?:uh|um|er|erm|uhh|umm|hmm|ah|eh))+$/;
/** Chinese: "我想" / "我要" / "想问" with nothing after, or "的那" cut before its measure word. */
const ZH_BROKEN_OFF = /(?:我想|我要|想问|的那)$/;
const ZH_TRAILING_HESITATION = /[嗯呃额啊哦]+$/;

/**
 * A short turn is broken off when it ends where a request would begin. Longer turns are left to the
 * classifier: their earlier words may already say what the caller wants.
 */
const MAX_BROKEN_OFF: Readonly<Record<Locale, number>> = { 'en-US': 5, 'zh-CN': 6 };

/** Whether a turn holds only NO_REQUEST words (or nothing). */
export function saysOnlyFillers(text: string, locale: Locale): boolean {
  return plain(text).replace(NO_REQUEST_PATTERN[locale], ' ').trim().length === 0;
}

/** Whether a short turn breaks off before its request ("is it the one or", "呃我想"). */
export function breaksOff(text: string, locale: Locale): boolean {
  if (locale === 'zh-CN') {
    const said = plain(text).replace(/\s+/g, '').replace(ZH_TRAILING_HESITATION, '');
    return [...said].length <= MAX_BROKEN_OFF[locale] && ZH_BROKEN_OFF.test(said);
  }
  const said = plain(text).trim().replace(/\s+/g, ' ').replace(EN_TRAILING_HESITATION, '');
  return said.split(' ').length <= MAX_BROKEN_OFF[locale] && EN_BROKEN_OFF.test(said);
}

/** Whether a turn asks for nothing yet: fillers only, or broken off (see the module comment). */
export function asksNothingYet(text: string, locale: Locale): boolean {
  return saysOnlyFillers(text, locale) || breaksOff(text, locale);
}
