import type { Locale } from '../../contracts/locales';
import { expandContractions } from './contractions';

/**
 * Turns that ask for nothing yet: only fillers and greetings ("um uh", "嗯那个", "hello"), or words
 * that break off where a request would begin ("the blue one with the", "hello can you", "呃我想").
 * Such a turn gets the fallback ("sorry, I didn't catch that …") whichever intent its words
 * resemble: the caller is asked again instead of being answered for an intent they never named.
 * Lex documents no such rule, so the fulfillment function applies it to every turn that starts
 * a request (the dialog's screen), and the local stand-in's classifier applies the same one.
 */

/**
 * Words that ask for nothing, per locale: hesitations and fillers ("um", "you know", "嗯", "那个"),
 * holding on ("hang on", "等一下", "我找一下"), asking to hear it again ("what?", "什么"), greetings
 * ("hello", "喂") and articles and particles ("the", "的").
 */
const HESITATIONS: Readonly<Record<Locale, readonly string[]>> = {
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

/**
 * A bare yes, per locale, as a caller answers the robot's yes/no question ("Would you like to
 * order one?", "需要下单吗？") with nothing else.
 */
const YES: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [
    'yes',
    'yeah',
    'yep',
    'yup',
    'sure',
    'okay',
    'ok',
    'alright',
    'all right',
    'of course',
    'definitely',
    'absolutely',
    'sounds good',
    'sounds great',
    'that is fine',
    'that works',
    'fine',
    'go ahead',
    'why not',
  ],
  'zh-CN': [
    '好的',
    '好啊',
    '好呀',
    '好吧',
    '好',
    '是的',
    '是啊',
    '是',
    '对的',
    '对啊',
    '对',
    '可以的',
    '可以',
    '行啊',
    '行',
    '需要',
    '要的',
    '要',
    '没问题',
    '当然可以',
    '当然',
  ],
};

/** A bare no, per locale ("no thanks", "that's all", "不用了"). "不要" is left out: it may mean "cancel it". */
const NO: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [
    'no',
    'nope',
    'nah',
    'not really',
    'not now',
    'not today',
    'no need',
    'nothing',
    'nothing else',
    'that is all',
    'that is it',
    'i am good',
    'i am fine',
    'i am okay',
    'i do not think so',
  ],
  'zh-CN': [
    '不用了',
    '不用',
    '先不用',
    '暂时不用',
    '不需要了',
    '不需要',
    '暂时不需要',
    '不了',
    '行了',
    '好了',
    '可以了',
    '没有了',
    '没有',
    '没了',
    '不是',
    '没事了',
    '没事',
  ],
};

/** Courtesy that changes no answer ("yes please", "no thank you", "不用了谢谢"). */
const COURTESY: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': ['please', 'thank you', 'thanks'],
  'zh-CN': ['谢谢', '请'],
};

/**
 * Words that are no request of their own: the hesitations, and the bare acknowledgements the
 * stand-in has always read as no request ("yes", "好的", "不是"), and "please" ("yes please"). A
 * bare yes or no to the robot's yes/no question is read by the dialog ({@link yesOrNo}) before
 * this screen.
 */
export const NO_REQUEST: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [...HESITATIONS['en-US'], 'yeah', 'yes', 'okay', 'ok', 'please'],
  'zh-CN': [...HESITATIONS['zh-CN'], '好的', '是的', '不是'],
};

const CJK_CHAR = /[\u3400-\u9fff]/;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A locale's phrases as one pattern, longest first (Latin ones as whole words). */
function phrasePattern(phrases: readonly string[]): RegExp {
  return new RegExp(
    [...phrases]
      .sort((a, b) => b.length - a.length)
      .map((p) => (CJK_CHAR.test(p) ? escapeRegex(p) : `(?<![a-z0-9])${escapeRegex(p)}(?![a-z0-9])`))
      .join('|'),
    'g',
  );
}

const perLocale = <T>(make: (locale: Locale) => T): Readonly<Record<Locale, T>> => ({
  'en-US': make('en-US'),
  'zh-CN': make('zh-CN'),
});

const NO_REQUEST_PATTERN = perLocale((l) => phrasePattern(NO_REQUEST[l]));
const HESITATION_PATTERN = perLocale((l) => phrasePattern(HESITATIONS[l]));
/** Every word a bare yes or no may hold, so that "好的" is read whole and not as "好" + "的". */
const ANSWER_PATTERN = perLocale((l) =>
  phrasePattern([...HESITATIONS[l], ...COURTESY[l], ...YES[l], ...NO[l]]),
);
const YES_SET = perLocale((l) => new Set(YES[l]));
const NO_SET = perLocale((l) => new Set(NO[l]));

/**
 * Lower case, contractions expanded ("it's" as "it is", "I'm" as "I am": the words the lists
 * use, as the stand-in's classifier expands them), every punctuation mark or symbol a space.
 */
function plain(text: string): string {
  return expandContractions(text)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The last words of an English turn that break off a request: an article, a conjunction, a
 * possessive or "can you" with nothing after it. A preposition alone is no sign ("who am I
 * talking to", "what is it for"), though one before an article is ("with the"). Hesitations after
 * them ("with the um") do not finish it.
 */
const EN_BROKEN_OFF = /(?:^|\s)(?:the|a|an|or|and|my|your|(?:can|could|would) you)$/;
const EN_TRAILING_HESITATION = /(?:\s+(?:uh|um|er|erm|uhh|umm|hmm|ah|eh))+$/;
/**
 * Chinese: "想问" with nothing after, or "的那" cut before its measure word; "我想" / "我要" only
 * after hesitations or a greeting ("呃我想", "你好我要"), since "这个我要" and "好我要" say it.
 */
const ZH_BROKEN_OFF = /(?:想问|的那)$/;
const ZH_WANT_AT_END = /(?:我想|我要)$/;
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
    if ([...said].length > MAX_BROKEN_OFF[locale]) return false;
    if (ZH_BROKEN_OFF.test(said)) return true;
    return (
      ZH_WANT_AT_END.test(said) &&
      said.replace(ZH_WANT_AT_END, '').replace(HESITATION_PATTERN[locale], '').length === 0
    );
  }
  const said = plain(text).replace(EN_TRAILING_HESITATION, '');
  return said.split(' ').length <= MAX_BROKEN_OFF[locale] && EN_BROKEN_OFF.test(said);
}

/** Whether a turn asks for nothing yet: fillers only, or broken off (see the module comment). */
export function asksNothingYet(text: string, locale: Locale): boolean {
  return saysOnlyFillers(text, locale) || breaksOff(text, locale);
}

/**
 * A turn that is a bare yes or no ("yes please", "um, sure", "no thanks", "不用了谢谢", "好的"):
 * nothing but yes words (or no words), hesitations and courtesy. Undefined for anything else,
 * including a yes with a request ("yes, the first one") and a turn with both.
 */
export function yesOrNo(text: string, locale: Locale): 'YES' | 'NO' | undefined {
  const said = plain(text);
  if (said.replace(ANSWER_PATTERN[locale], ' ').trim().length > 0) return undefined;
  const words = said.match(ANSWER_PATTERN[locale]) ?? [];
  const yes = words.some((w) => YES_SET[locale].has(w));
  const no = words.some((w) => NO_SET[locale].has(w));
  return yes === no ? undefined : yes ? 'YES' : 'NO';
}
