import nlp from 'compromise';
import type { Locale } from '../../contracts/locales';
import type { Finding } from './types';

/**
 * Person names, postal addresses and the sensitive categories PIPL art. 28 names (health and
 * financial facts) in transcripts. This is the heavier half of the redactor: English names come
 * from compromise's person tagger (a maintained NLP library with a lexicon of given names and
 * titles), helped by the phrases callers introduce names with; Chinese names from the surname and
 * the cue before it; addresses from their grammar (number, street, suffix; 省市区 + 路/街 + 号);
 * sensitive facts from a lexicon of conditions, medicines and money phrases.
 *
 * The bot's code hook does not load it (it only needs the digit detectors, and the library would
 * double its bundle); the transcript pipeline and the after-call function do.
 */

type EntityType = 'NAME' | 'ADDRESS' | 'SENSITIVE';
interface Span {
  readonly type: EntityType;
  readonly start: number;
  readonly end: number;
}

/** Options of {@link findEntities}. */
export interface EntityOptions {
  /** Use compromise's person tagger besides the cue phrases (off only to measure what it adds). @default true */
  readonly personTagger?: boolean;
}

// --- English names --------------------------------------------------------------------------------

/** A capitalised word that may be part of a name (Transcribe capitalises names). */
const CAP = "[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?";
/** Phrases that introduce a person's name (matched without regard to case). */
const EN_NAME_CUE =
  /\b(?:(?:my|the|his|her|their|your) (?:full |first |last |middle |student's |customer's )?name(?:'s| is)|name (?:on|for) (?:the |my )?(?:order|card|account|package|reservation) is|name in (?:english|chinese) is|under (?:the name |my name,? )?|(?:first|last) name(?: is)?|this is|it's|i'm|i am|speaking with|spoke (?:with|to)|talked to|ask(?:ed)? for|send it to|ship it to|deliver (?:it )?to|addressed to|attention|care of|signed by|passenger|recipient(?: is)?|customer|cardholder|name was|surname(?: is)?|tell|my (?:wife|husband|son|daughter|mother|mom|father|dad|partner|friend|sister|brother|colleague|neighbor|neighbour|boss|grandma|grandpa|grandmother|grandfather|aunt|uncle|cousin|niece|nephew|roommate|landlord),?|(?:mr|mrs|ms|miss|dr|prof)\.?)\s+/gi;
/** A name as Transcribe writes it after a cue: one to three capitalised words, fillers between. */
const EN_NAME_AFTER_CUE = new RegExp(`(?:${CAP})(?:,? (?:uh|um),?)?(?: ${CAP}){0,2}`, 'y');
/** "Priya Raman here." */
const EN_NAME_HERE = new RegExp(`(?:^|[.,!?] )((?:${CAP}) (?:${CAP})) here\\b`, 'g');
/** "D as in Delta, Brennan": an initial spelled with a phonetic word, then the surname. */
const EN_INITIAL_NAME = new RegExp(`\\b[A-Z] as in [A-Z][a-z]+, (?:${CAP})`, 'g');
/** A name and its spelling: "Moira, M O I R A" (the letters must spell the word). */
const EN_SPELLED_WORD = /\b([A-Z][a-z]+)[,.]? (?:that's |spelled )?((?:[A-Z](?: |, |\. |-)){1,}[A-Z])\b/g;
/** "Marcus from your warehouse", "Ingrid in billing": a person named by their team. */
const EN_NAME_TEAM = new RegExp(
  `\\b(${CAP}) (?:from|in|at) (?:your |the )?(?:warehouse|billing|support|sales|shipping|returns|customer service|accounts|the store|store)\\b`,
  'g',
);
/** Letters spelled out on their own ("and that's G R E G"). */
const EN_SPELLED = /\b(?:that's|spelled|spelt|it's) ((?:[A-Z](?: |, |\. |-)){2,}[A-Z])\b/g;

/** Words that are capitalised but never names after a cue. */
const NOT_NAMES = new Set([
  'Dr',
  'Mr',
  'Mrs',
  'Ms',
  'Miss',
  'Prof',
  'I',
  'Yes',
  'No',
  'Okay',
  'Ok',
  'Sure',
  'Thanks',
  'Thank',
  'Hi',
  'Hello',
  'Um',
  'Uh',
  'So',
  'The',
  'A',
  'An',
  'My',
  'It',
  'This',
  'That',
  'Just',
  'Actually',
  'Calling',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Visa',
  'Mastercard',
  'Amex',
  'Discover',
  'Apartment',
  'Suite',
  'Unit',
  'Smart',
  'Mini',
  'Desk',
  'Pro',
]);
/** After a name: its spelling ("L I N D Q V I S T") or "as in" letters ("D as in Delta"). */
const SPELLING =
  /^(?:[,.]? (?:that's |spelled |it's )?(?:[A-Z](?: |, |\. |-)){2,}[A-Z]\b\.?|[,.]? [A-Z] as in [A-Z][a-z]+)/;
const AS_IN_PREFIX = /\b[A-Z] as in [A-Z][a-z]+,\s*$/;

function englishNames(text: string, personTagger: boolean): Span[] {
  const out: Span[] = [];
  const add = (start: number, end: number) => {
    let e = end;
    const withLetter = new RegExp(`^, ${CAP} with an? [A-Z]\\b`).exec(text.slice(e));
    if (withLetter) e += withLetter[0].length;
    const spelled = SPELLING.exec(text.slice(e));
    if (spelled) {
      e += spelled[0].length;
      // "Siobhan, S I O B H A N, Murphy": the surname after the spelling.
      const surname = new RegExp(`^, (${CAP})\\b`).exec(text.slice(e));
      if (surname?.[1] && !NOT_NAMES.has(surname[1])) e += surname[0].length;
    }
    let s = start;
    const asIn = AS_IN_PREFIX.exec(text.slice(Math.max(0, s - 30), s));
    if (asIn) s -= asIn[0].length;
    out.push({ type: 'NAME', start: s, end: e });
  };
  EN_NAME_CUE.lastIndex = 0;
  for (let m = EN_NAME_CUE.exec(text); m !== null; m = EN_NAME_CUE.exec(text)) {
    EN_NAME_AFTER_CUE.lastIndex = m.index + m[0].length;
    const n = EN_NAME_AFTER_CUE.exec(text);
    if (n === null) continue;
    const name = n[0];
    const words = name.split(/[ ,]+/).filter((w) => w !== '' && w !== 'uh' && w !== 'um');
    if (words.length === 0 || NOT_NAMES.has(words[0] ?? '')) continue;
    // Keep the words up to the first one that is never a name.
    let kept = name;
    for (const w of words.slice(1)) {
      if (NOT_NAMES.has(w)) {
        kept = name.slice(0, name.indexOf(w)).replace(/[ ,]+$/, '');
        break;
      }
    }
    const start = n.index;
    add(start, start + kept.length);
  }
  EN_SPELLED_WORD.lastIndex = 0;
  for (let m = EN_SPELLED_WORD.exec(text); m !== null; m = EN_SPELLED_WORD.exec(text)) {
    const letters = (m[2] ?? '').replace(/[^A-Z]/g, '');
    if (letters === (m[1] ?? '').toUpperCase() && !NOT_NAMES.has(m[1] ?? ''))
      add(m.index, m.index + (m[1] ?? '').length);
  }
  for (const re of [EN_NAME_HERE, EN_INITIAL_NAME, EN_SPELLED, EN_NAME_TEAM]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const said = m[1] ?? m[0];
      const start = m.index + (m[1] === undefined ? 0 : m[0].indexOf(said));
      add(start, start + said.length);
    }
  }
  // compromise's person tagger: first names, surnames and titles from its lexicon.
  // compromise's person tagger finds the names no cue introduced. A single word with no cue is as
  // often a place, a brand or a product (Georgia, Jordan, Alexa): only two-word names count, and
  // none that compromise also reads as a place.
  if (!personTagger) return out;
  const doc = nlp(text);
  type Match = { offset: { start: number; length: number } };
  const places = (doc.places().json({ offset: true }) as Match[]).map((p) => p.offset);
  // "deliver to Brooklyn", "Miami from the warehouse": a cue before a place is not a name.
  const isPlace = (start: number, end: number) =>
    places.some((q) => q.start <= start && q.start + q.length >= end - 1);
  for (let i = out.length - 1; i >= 0; i--) {
    const n = out[i] as Span;
    if (!text.slice(n.start, n.end).includes(' ') && isPlace(n.start, n.end)) out.splice(i, 1);
  }
  for (const p of doc.people().json({ offset: true }) as Match[]) {
    const start = p.offset.start;
    let end = start + p.offset.length;
    while (end > start && /[\s,.;:!?]/.test(text.charAt(end - 1))) end--;
    const said = text.slice(start, end);
    if (!/^[A-Z][a-z]+(?:[-' ][A-Z][a-z]+)+$/.test(said) || US_STATE_NAMES.test(said)) continue;
    if (places.some((q) => q.start < end && q.start + q.length > start)) continue;
    // "the Ann Arbor facility": a name used as a place or a brand.
    if (
      /^ (?:store|facility|office|branch|airport|location|warehouse|center|centre|hub|area|model|edition|series)\b/i.test(
        text.slice(end),
      )
    )
      continue;
    add(start, end);
  }
  return out;
}

// --- Chinese names --------------------------------------------------------------------------------

/** The most common surnames (about nine in ten people in mainland China) and compound ones. */
const SURNAMES_2 = '欧阳|司马|诸葛|上官|东方|皇甫|慕容|令狐|司徒|尉迟|长孙|宇文|夏侯|端木|公孙';
const SURNAMES_1 =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
/** Characters that end a given name: particles, verbs and pronouns that follow names in speech. */
const AFTER_NAME = '说的了啊呀吧呢吗是在和跟给让找打要去来过也都就还我你他她们收先女小经老师阿同';
/** What introduces a name in Chinese speech. */
/** Family words that come right before a relative's name ("我妈妈刘桂芳", "改成我老公吴浩然"). */
const ZH_KIN =
  '我(?:妈妈|妈|爸爸|爸|老公|老婆|爱人|婆婆|公公|岳母|岳父|儿子|女儿|哥哥|哥|姐姐|姐|弟弟|弟|妹妹|妹|朋友|同事|室友)';
const ZH_NAME_CUE = `我叫|我是|名叫|叫做|[我他她就人]叫|名字(?:是|叫|写)?|姓名(?:是|写)?|中文名(?:是|叫)?|全名(?:是|叫)?|收件人(?:是|写|叫|改成)?|收货人(?:是|写|叫)?|联系人(?:是|写)?|机主(?:是|姓名是)?|持卡人(?:是)?|户名(?:是)?|开户名(?:是)?|乘机人|乘客|客服|找一下|找|跟|和|给|转一下|转给|转告|寄给(?:我[妈爸哥姐弟妹]|[他她])?，?|让我找|签收人|抬头写个人，|改成|${ZH_KIN}`;
const ZH_CUE_END = new RegExp(`(?:${ZH_NAME_CUE})$`);
/** Cues strong enough to take any two to four characters as a name (玛丽亚, 山田太郎, 阿卜杜拉). */
const ZH_STRONG_CUE =
  /(?:收件人(?:是|写|叫|改成)?|收货人(?:是|写|叫)?|联系人(?:是|写)?|全名(?:是|叫)?|名字(?:是|叫|写)|中文名(?:是|叫)?|我叫|我朋友)([\u4e00-\u9fa5]{2,4}?)(?=[，。、！？,.!?\s]|$|他|她|的|下|收)/g;
/** A transliterated foreign name: "约翰·史密斯". */
const ZH_DOTTED_NAME = /[\u4e00-\u9fa5]{1,5}[·•・][\u4e00-\u9fa5]{1,6}/g;
const ZH_NAME = new RegExp(
  `((?:${SURNAMES_2})[\\u4e00-\\u9fa5]{1,2}|[${SURNAMES_1}][\\u4e00-\\u9fa5]{1,2})`,
  'g',
);
/** A surname with a title, or said on its own ("刘先生", "林女士", "我姓李"). */
const ZH_SURNAME_TITLE = new RegExp(
  `(?:${SURNAMES_2}|[${SURNAMES_1}])(?=先生|女士|小姐|经理|老师|师傅|阿姨|总|大夫|医生)|(?<=我姓|姓)(?:${SURNAMES_2}|[${SURNAMES_1}])|(?<=叫)[小老][${SURNAMES_1}](?=的|，|。)`,
  'g',
);
/** An English name in Chinese speech: "我英文名叫Eric", "收件人是Anna Kowalczyk". */
const ZH_LATIN_NAME =
  /(?:英文名(?:字)?|名字|我叫|我是|收件人|收货人|联系人)(?:叫|是)?\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)/g;
/**
 * How a caller spells a Chinese name, character by character: "孙子的孙", "司马光的司马", "口天吴",
 * "博是博士的博", "不是弓长张".
 */
const ZH_SPELLING =
  /^(?:[，,]\s*(?:嗯|呃|那个)?[，,]?\s*(?:[\u4e00-\u9fa5]是)?(?:不是)?(?:[\u4e00-\u9fa5]{1,4}的[\u4e00-\u9fa5]{1,2}(?=[，,。、！？\s]|$)|[\u4e00-\u9fa5]{2}[\u4e00-\u9fa5](?=[，,。])))+/;
/** Latin letters spelled after a name: "，K O W A L C Z Y K". */
const LATIN_SPELLING = /^[，,]\s*(?:[A-Z] ){2,}[A-Z]\b/;
/** After a cue-less name at the start of a clause: the personal data that shows it is one. */
const ZH_CLAUSE_AFTER =
  /^[，,]\s*(?:电话|手机|地址|身份证|号码|邮箱|我|是我|收件人|[幺一二三四五六七八九零\d]|[\u4e00-\u9fa5]{2,3}[省市]|[\u4e00-\u9fa5]{1,4}的[\u4e00-\u9fa5]|[\u4e00-\u9fa5]{2}[\u4e00-\u9fa5][，,。]|日本|韩国|外国)/;

function chineseNames(text: string): Span[] {
  const out: Span[] = [];
  const spelledEnd = (end: number): number => {
    const spelled = ZH_SPELLING.exec(text.slice(end)) ?? LATIN_SPELLING.exec(text.slice(end));
    return spelled ? end + spelled[0].length : end;
  };
  ZH_NAME.lastIndex = 0;
  for (let m = ZH_NAME.exec(text); m !== null; m = ZH_NAME.exec(text)) {
    let name = m[1] ?? '';
    const start = m.index + m[0].length - name.length;
    // A given name ends before a particle or verb ("跟吴雪说过了").
    if (name.length === 3 && AFTER_NAME.includes(name.charAt(2))) name = name.slice(0, 2);
    if (name.length < 2 || AFTER_NAME.includes(name.charAt(1))) continue;
    const before = text.slice(Math.max(0, start - 8), start);
    const cued = ZH_CUE_END.test(before);
    const after = text.slice(start + name.length);
    const titled = /^(?:先生|女士|小姐|经理|老师|师傅|阿姨|总|收)/.test(after);
    const clauseStart = start === 0 || /[，。、,\s]/.test(text.charAt(start - 1));
    if (!cued && !titled && !(clauseStart && ZH_CLAUSE_AFTER.test(after))) continue;
    out.push({ type: 'NAME', start, end: spelledEnd(start + name.length) });
  }
  for (const re of [ZH_STRONG_CUE, ZH_DOTTED_NAME, ZH_SURNAME_TITLE, ZH_LATIN_NAME]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const said = m[1] ?? m[0];
      const start = m.index + m[0].length - said.length;
      if (said === '' || NOT_NAMES.has(said)) continue;
      out.push({ type: 'NAME', start, end: spelledEnd(start + said.length) });
    }
  }
  return out;
}

// --- addresses ------------------------------------------------------------------------------------

const EN_STREET =
  '(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Trail|Loop|Square|Sq|Row|Alley|Bend|Crescent|Close|Walk|Pike|Run|Path|Plaza)';
/** Number words with either case of their first letter ("Seven seventy seven", "one twenty three"). */
const NUMBER_WORDS = [
  'zero',
  'oh',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'hundred',
  'thousand',
]
  .map((w) => `[${w.charAt(0).toUpperCase()}${w.charAt(0)}]${w.slice(1)}`)
  .join('|');
const EN_SPOKEN_NUMBER = `(?:${NUMBER_WORDS})(?:[- ](?:${NUMBER_WORDS}|and))*`;
/** Fillers and corrections callers put between the parts of an address. */
const EN_FILL = '(?:,? (?:uh|um|no|wait|sorry|no sorry|I mean|actually),?)*';
const EN_UNIT = `(?:(?:[Aa]partment|[Aa]pt|[Ss]uite|[Uu]nit|[Bb]uilding|[Bb]ldg|[Ff]loor|[Rr]oom|[Nn]umber|#)\\.?,?${EN_FILL} ?(?:\\d+[A-Za-z]?|[A-Z]\\b|${EN_SPOKEN_NUMBER})(?:${EN_FILL} (?:\\d+[A-Za-z]?|[A-Z]\\b))?|(?:first|second|third|fourth|fifth|top|ground) floor|(?:that's |spelled )?(?:[A-Z] ){2,}[A-Z])`;
const US_STATES =
  '(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|D\\.?C\\.?|[A-Z]{2})';
const US_STATE_NAMES = new RegExp(`^${US_STATES}$`);
const EN_ZIP = '(?:\\d{5}(?:-\\d{4})?|(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[ ,-]*){5})';
const EN_ADDRESS = new RegExp(
  [
    `(?:(?:${EN_UNIT}),? )?`,
    `(?:\\b\\d{1,6}[A-Za-z]?|\\b${EN_SPOKEN_NUMBER})`,
    // "1820 Sycamore, no, sorry, 1280 Sycamore Street", "Nineteen, no, ninety Riverside Terrace"
    `(?:${EN_FILL}(?:(?: [A-Z][a-z]+)+${EN_FILL} (?:\\d{1,6}|${EN_SPOKEN_NUMBER}))?|${EN_FILL} (?:\\d{1,6}|${EN_SPOKEN_NUMBER}))?`,
    // "2210 Oak, no sorry, Oakridge Boulevard": a corrected street name
    `(?: [A-Z][a-z]+${EN_FILL}(?=,? [A-Z]))?`,
    ` (?:[NSEW]\\.? |North |South |East |West )?(?:[A-Z][a-z]+|\\d+(?:st|nd|rd|th)) (?:[A-Z][a-z]+ ){0,3}${EN_STREET}\\b\\.?`,
    // "412 Walnut Street, wait, Walnut Avenue"
    `(?:${EN_FILL} (?:[A-Z][a-z]+ ){1,3}${EN_STREET}\\b)?`,
    '(?: (?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|NE|NW|SE|SW)\\b)?',
    `(?:${EN_FILL},? (?:${EN_UNIT}))*`,
    `(?:${EN_FILL} (?:\\d{1,4}|${EN_SPOKEN_NUMBER})(?=,))?`,
    `(?:(?:,| in) (?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+(?=,| \\d| ${US_STATES}\\b|[.?!]|$))?`,
    `(?:,? ${US_STATES}\\b)?`,
    `(?:,? ${EN_ZIP})?`,
  ].join(''),
  'g',
);
const EN_PO_BOX = new RegExp(
  `\\b(?:P\\.? ?O\\.? Box|RR \\d+ Box|Rural Route \\d+,? Box) \\d+(?:,? (?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)?(?:,? ${US_STATES}\\b)?(?:,? ${EN_ZIP})?`,
  'g',
);

/** A character of a place name: not one of the words that lead into an address (寄到, 住在, 地址是). */
const ZH_PLACE_CHAR = '(?:(?![到在是住寄送发邮改搬址写的我你他她])[\\u4e00-\\u9fa5])';
const ZH_NUM = '[0-9０-９零〇一二两三四五六七八九十百千幺]+';
const ZH_ADMIN = `${ZH_PLACE_CHAR}{1,7}?(?:省|自治区|自治州|州|盟|地区|市|区|县|旗|镇|乡|街道|新区)`;
const ZH_ROAD = `${ZH_PLACE_CHAR}{1,8}?(?:路|街|大道|大街|巷|胡同|道|弄|里)(?:[东西南北中]段|${ZH_NUM}段)?`;
const ZH_UNIT = `(?:(?:${ZH_NUM}|[A-Za-z])(?:号院|号楼|号|弄|栋|幢|单元|室|层|楼|座|门|户)|[A-Za-z]区)`;
const ZH_BUILDING =
  '[\\u4e00-\\u9fa5]{2,8}?(?:小区|花园|园|苑|公寓|大厦|广场|中心|大楼|家园|新村|村|园区|产业园|城|时代广场)';
/** Between the parts of an address: a pause, a filler, a correction ("，那个，", "，不对，"). */
const ZH_SEP = '(?:[，,]?(?:(?:嗯|呃|啊|那个|就是|不对|不是|啊不对|哦不对|哦不)[，,]?){0,3}[，,]|……|…)?';
/** Where an address may begin: the start, a pause, or the words that lead into one. */
const ZH_ADDRESS_START =
  '(?:^|(?<=[，。、,：:\\s…]|地址是|地址写|地址|寄到|送到|发到|邮到|住在|住|改成|搬到|到|在|是|写))';
const ZH_ADDRESS = new RegExp(
  `${ZH_ADDRESS_START}((?:${ZH_ADMIN}${ZH_SEP}){0,4}(?:(?:${ZH_ROAD}${ZH_SEP})+(?:${ZH_UNIT}${ZH_SEP}|${ZH_BUILDING}${ZH_SEP}|(?:那个|嗯)[，,]?)*(?:${ZH_UNIT}|${ZH_NUM}|${ZH_BUILDING})(?:${ZH_SEP}(?:${ZH_UNIT}|${ZH_BUILDING}))*|(?:${ZH_ADMIN}${ZH_SEP}){1,3}${ZH_BUILDING}(?:${ZH_SEP}${ZH_UNIT})*))`,
  'g',
);

function addresses(text: string, locale: Locale): Span[] {
  const out: Span[] = [];
  const patterns = locale === 'zh-CN' ? [ZH_ADDRESS] : [EN_ADDRESS, EN_PO_BOX, ZH_ADDRESS];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const said = m[1] ?? m[0];
      const start = m.index + m[0].length - said.length;
      let end = start + said.length;
      while (end > start && /[\s,，、.。…]/.test(text.charAt(end - 1))) end--;
      if (end - start >= 6) out.push({ type: 'ADDRESS', start, end });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return out;
}

// --- sensitive facts ------------------------------------------------------------------------------

const EN_CONDITIONS =
  "(?:type [12] |gestational )?diabetes|diabetic|insulin|epilepsy|seizures?|asthma|(?:breast |lung |prostate |skin |colon )?cancer|chemo(?:therapy)?|legally blind|radiation therapy|dialysis|hiv(?: positive)?|aids|hepatitis [abc]?|depression|depressed|anxiety|bipolar(?: disorder)?|schizophrenia|ptsd|adhd|autism|autistic|dementia|(?:early onset )?alzheimer'?s|parkinson'?s|multiple sclerosis|heart (?:disease|condition|attack|surgery|failure)|(?:high|low) blood pressure|hypertension|stroke|kidney (?:disease|failure)|a (?:hip|knee) replacement|surgery|pregnant|(?:\\w+ )?months? pregnant|miscarriage|disabled|on disability|disability|wheelchair|blind|deaf|allerg(?:y|ic) to \\w+|celiac|crohn'?s|arthritis|covid|tuberculosis|rehab|addiction|sober|antidepressants?|zoloft|prozac|lexapro|xanax|metformin|lisinopril|insulin pen|warfarin|unemployment|lost my job|hard of hearing|(?:peanut|nut|shellfish|gluten) allergy|celiac disease|stroke|twins|miscarriage|wheelchair|anxiety|dementia|an? (?:eating disorder|std|sti)";
const EN_CONDITION = new RegExp(
  `\\b(?:(?:i|he|she|my \\w+)(?:'m| am| is| was| have| has| had|'ve| got)? (?:been )?(?:diagnosed with |treated for |suffering from |going through |on |taking |take |using |use |had |have |has )?)?(?:${EN_CONDITIONS})\\b`,
  'gi',
);
const EN_MONEY = new RegExp(
  [
    '\\b(?:(?:i|we) (?:only )?(?:make|earn|get paid|bring home|owe|still owe) |my (?:salary|income|pay|wage|credit score|debt|rent|mortgage) (?:is |was )?(?:only |about |around )?|(?:income|salary) (?:is |of )?)',
    '(?:about |around |roughly |like |only |nearly |over |under )?',
    // an amount that says something about a person's means: thousands, or a rate per period
    '(?:\\$?(?:\\d{1,3}(?:,\\d{3})+|\\d{4,})(?:\\.\\d+)?(?: ?k| grand| thousand)?|\\$?\\d+(?:\\.\\d+)?(?: ?k| grand| thousand| hundred)|\\$?\\d+(?:\\.\\d+)?(?= (?:dollars |bucks )?(?:a|per|an|each) (?:year|month|week|hour))|[a-z]+ (?:thousand|grand|hundred))',
    '(?: dollars| bucks)?(?: (?:a|per|an|each) (?:year|month|week|hour)| in (?:student loans|debt|credit card debt|medical bills)| on (?:that|my|the) card(?: already)?)?',
  ].join(''),
  'gi',
);
const EN_FINANCE =
  /\b(?:\$?\d[\d,]* in (?:student loans|credit card debt|medical debt|debt)|(?:my )?(?:fico|credit score)(?: score)? is (?:around |about )?\d{3}|filed for bankruptcy(?: last year)?|behind on (?:our|my|the) (?:mortgage|rent|payments|loan)|bankrupt(?:cy)?|filed for bankruptcy|foreclosure|laid off|unemployed|in collections|credit score (?:is |of )?\d{3})\b/gi;

const ZH_CONDITIONS =
  '残疾人|残疾|轮椅|坐月子|生完孩子|做完手术|听不太清|征信不太好|征信|信用分|抑郁症|乳腺癌|阿尔茨海默病|二甲双胍|听力障碍|视力障碍|乙肝携带者|携带者|心脏装了支架|装了支架|支架|失业|逾期记录|糖尿病|高血压|低血压|心脏病|冠心病|心脏搭桥手术|搭桥|癌症|肺癌|胃癌|乳腺癌|肝癌|白血病|肿瘤|化疗|放疗|透析|尿毒症|乙肝|丙肝|肝炎|艾滋病|HIV|抑郁症|抑郁|焦虑症|双相|精神分裂|自闭症|孤独症|多动症|老年痴呆|阿尔茨海默|帕金森|癫痫|哮喘|中风|脑梗|心梗|残疾|肢体残疾|视力残疾|听力残疾|瘫痪|怀孕|孕妇|怀孕了|流产|胰岛素|降压药|抗抑郁药|过敏|红斑狼疮|痛风|结核|新冠|住院|做手术|开刀|吃药';
const ZH_CONDITION = new RegExp(
  `(?:(?:我|他|她|我[妈爸儿子女儿老公老婆]+)?(?:有|得过|得了|患有|在做|做过|要做|每周要做[一二三四五六七八九两]次|要打|每天要打|打|查出|确诊|在吃|一直在吃|吃|刚做完|刚|是)?)(?:${ZH_CONDITIONS})(?:了)?(?:[一二三四五六七八九十两]+个月)?`,
  'g',
);
const ZH_AMOUNT = `(?:大概|大约|差不多|才|只有|将近|有)?[0-9零〇一二两三四五六七八九十百千万亿几]+(?:块钱|块|元|万|千)?(?:多|左右)?`;
/** Debts worth mentioning: thousands and more ("欠了五万多"), not a bill's 十四块. */
const ZH_BIG_AMOUNT = `(?:大概|大约|差不多|将近|有)?(?:[0-9零〇一二两三四五六七八九十百千几]+(?:万|千)|[0-9]{4,})(?:块钱|块|元)?(?:多|左右)?`;
const ZH_MONEY = new RegExp(
  [
    `(?:(?:一个月|每个月|每月|年)?(?:工资|月薪|年薪|收入|年收入|月收入|房贷|车贷|欠款|负债)(?:每个月|一个月)?(?:是|有|才|只有)?${ZH_AMOUNT}(?:一个月|每个月)?`,
    `|(?:信用卡|网贷|花呗|借呗|房贷)?(?:还)?欠(?:了|着)?(?:好)?${ZH_BIG_AMOUNT}`,
    `|房贷每个月(?:要还)?${ZH_AMOUNT}`,
    `|年收入(?:大概)?${ZH_AMOUNT}(?:来万)?`,
    `|芝麻分(?:只有|是)?${ZH_AMOUNT}`,
    `|(?:网贷|信用卡|贷款)逾期了?`,
    `|${ZH_AMOUNT}一个月)`,
  ].join(''),
  'g',
);

/** Where a clause ends: the fact is masked to there ("just had knee surgery and can't get out"). */
const CLAUSE_END =
  /[.?!;。？！；]|,(?= (?:so|but|and|is|does|do|can|could|which|what|please)\b)|，(?=(?:所以|但|能不能|可以|请|这个|那个|你们|想|是不是))/g;
/** Someone the fact is about: the caller or a person they name (not a product's buyer in general). */
const EN_SUBJECT = /\b(?:I|I'm|I've|we|we're|my|he|she|he's|she's|his|her|they're)\b/gi;
const ZH_SUBJECT = /我|他|她/g;

/**
 * The span of one sensitive fact: from after the nearest subject before it (in its clause) to the
 * end of the clause, so the words around the fact that qualify it (knee surgery, seven months,
 * 正在化疗) go with it; undefined when no one in the clause has it ("is the wheelchair ramp rated…",
 * "高血压的人能用吗").
 */
function factSpan(text: string, start: number, end: number): Span | undefined {
  const clauseStart = Math.max(
    0,
    ...[...text.slice(0, start).matchAll(/[.?!;。？！；，,]/g)].map((m) => (m.index ?? 0) + 1),
  );
  const before = text.slice(clauseStart, start);
  const subjects = [...before.matchAll(EN_SUBJECT), ...before.matchAll(ZH_SUBJECT)];
  const startsSubject = /^(?:我|他|她|I\b|I'm|my\b|we\b)/i.test(text.slice(start));
  if (subjects.length === 0 && !startsSubject) return undefined;
  const last = subjects.sort((x, y) => (y.index ?? 0) - (x.index ?? 0))[0];
  const from = last ? clauseStart + (last.index ?? 0) + last[0].length : start;
  CLAUSE_END.lastIndex = end;
  const stop = CLAUSE_END.exec(text);
  let to = stop ? stop.index : text.length;
  while (to > end && /[\s,，]/.test(text.charAt(to - 1))) to--;
  let s0 = from;
  while (s0 < start && /\s/.test(text.charAt(s0))) s0++;
  return { type: 'SENSITIVE', start: s0, end: Math.max(to, end) };
}

function sensitive(text: string, locale: Locale): Span[] {
  const out: Span[] = [];
  const patterns =
    locale === 'zh-CN' ? [ZH_CONDITION, ZH_MONEY] : [EN_CONDITION, EN_MONEY, EN_FINANCE, ZH_CONDITION];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = factSpan(text, m.index, m.index + m[0].length);
      if (span) out.push(span);
    }
  }
  return out;
}

/**
 * Finds person names, postal addresses and sensitive facts (health, finances) in a transcript.
 * Never throws; pure and synchronous.
 *
 * @param text transcript text
 * @param locale the transcript's language (English rules also run on zh-CN text that code-switches,
 *   and Chinese rules on English text)
 * @param options see {@link EntityOptions}
 * @returns findings (type and offsets only), possibly overlapping each other
 */
export function findEntities(text: string, locale: Locale, options: EntityOptions = {}): Finding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const names = [...chineseNames(text), ...englishNames(text, options.personTagger ?? true)];
  return [...names, ...addresses(text, locale), ...sensitive(text, locale)];
}
