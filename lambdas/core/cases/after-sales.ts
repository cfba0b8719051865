import type { Locale } from '../../contracts/locales';
import type { BackOfficeTask } from './task';

/**
 * After-sales requests (issue 15 item 3): a return, a warranty claim or a complaint about an order
 * of the caller's becomes a back-office case with what staff need: the kind, the order and the
 * reason. The reason is stored as one of a few categories, never as the caller's words: a caller
 * who declined recording has their words kept nowhere, and staff need the category, not the
 * sentence (they call back for the details).
 */

/** What the caller asks for. */
export const AFTER_SALES_KINDS = ['return', 'warranty', 'complaint'] as const;
/** A kind of after-sales request. */
export type AfterSalesKind = (typeof AFTER_SALES_KINDS)[number];

/** Why, as a category. */
export const AFTER_SALES_REASONS = [
  'damaged',
  'not-working',
  'wrong-item',
  'missing',
  'late',
  'courier',
  'changed-mind',
  'other',
] as const;
/** A reason category. */
export type AfterSalesReason = (typeof AFTER_SALES_REASONS)[number];

const KIND_WORDS: readonly (readonly [AfterSalesKind, RegExp])[] = [
  ['warranty', /\b(?:warranty|guarantee|repair(?:ed)?|fix(?:ed)?|send it in)\b|保修|维修|质保|修一下|修理/i],
  [
    'complaint',
    /\b(?:complain(?:t|ts|ing)?|unacceptable|not (?:okay|ok|happy)|unhappy|upset|frustrat\w*|terrible|report (?:that|this|it)|disappointed)\b|投诉|过分|不满|差评|太差|不像话|反映|生气|很烦/i,
  ],
  [
    'return',
    /\b(?:return(?:ing)?|send (?:it|them) back|refund|money back|exchange|swap)\b|退|换一个|换个货|换货|换成/i,
  ],
];

const REASON_WORDS: readonly (readonly [AfterSalesReason, RegExp])[] = [
  [
    'damaged',
    /\b(?:damaged|crushed|smashed|shattered|cracked|dented|snapped|(?:arrived|came|showed up|turned up) (?:broken|damaged)|broken (?:on arrival|when it (?:came|arrived)))\b|压坏|破损|摔坏|碎了|裂了|裂开|压扁|压瘪|断了|(?:到|收到)[^，。,]{0,8}(?:就是|就)?坏的|是断的/i,
  ],
  [
    'wrong-item',
    /\bwrong (?:item|colou?r|product|one|model|size|thing)\b|\bnot what i (?:ordered|bought)\b|\byou sent me\b|\bwhat came was\b|\binstead\b|\b(?:a |totally |completely )?different (?:product|thing|one)\b|发错|不是我买的|不是我要的|不是我下单|收到的是|寄来的(?:是|却是)|发了(?:白|黑|红|蓝)|别的东西/i,
  ],
  [
    'missing',
    /\b(?:never (?:came|arrived|got (?:it|the package|my order))|(?:didn'?t|did not|hasn'?t|has not|haven'?t|have not) (?:arrive[ds]?|come|got|received?|gotten)|missing|lost|not (?:arrived|delivered|included|in (?:there|the box))|(?:wasn'?t|isn'?t|was not|is not) (?:included|in (?:there|the box))|only one in the box|arrived empty|nothing inside)\b|没收到|没到|还没到|丢了|少了|没送到|盒子里没有|里面没有|只有一个|空的/i,
  ],
  [
    'late',
    /\b(?:late|delayed|too long|took ages|supposed to (?:be here|arrive)|only (?:came|arrived) today|after the (?:date|day)|days after)\b|晚了|太慢|延迟|迟到|晚到|才到|才送到/i,
  ],
  [
    'courier',
    /\b(?:courier|driver|delivery (?:man|guy|person|driver)|left it (?:outside|at the door|on the porch)|wrong (?:house|address|door))\b|快递员|快递小哥|送货的|司机|扔门口|送错了/i,
  ],
  [
    'not-working',
    /\b(?:doesn'?t|does not|won'?t|will not|isn'?t|is not|stopped|no longer|not|can'?t|cannot) (?:work(?:ing)?|turn(?:ing)? on|charg(?:e|ing)|hold (?:a )?charge|connect(?:ing)?|pair(?:ing)?|stay (?:online|connected))\b|\b(?:faulty|defective|dead|broke|broken|crackl(?:e|ing)|buzz(?:ing)?|noise|keeps (?:disconnecting|dropping|cutting out)|cuts out)\b|坏了|不工作|充不进电|充不上电|连不上|没反应|故障|开不了机|杂音|不亮|没声音|掉线|断开|不能用了|断音|嗡嗡|质量问题|一会儿就没电/i,
  ],
  [
    'changed-mind',
    /\b(?:changed my mind|(?:don'?t|do not) (?:want|need|like) (?:it|this one|how)|no longer (?:want|need) it|not into it|(?:found|like) (?:one|another) (?:i like )?better|not comfortable|(?:don'?t|do not) need this)\b|不想要了|不喜欢|不需要了|不要了|改主意|不好看|更喜欢|不舒服|用不上/i,
  ],
];

/** The kind the caller's words name, if any. */
export function afterSalesKindOf(text: string): AfterSalesKind | undefined {
  return KIND_WORDS.find(([, words]) => words.test(text))?.[0];
}

/** The reason category of the caller's words ("other" when none fits). */
export function afterSalesReasonOf(text: string): AfterSalesReason {
  return REASON_WORDS.find(([, words]) => words.test(text))?.[0] ?? 'other';
}

/** The kind a reason implies when the caller named none: broken → warranty, late → complaint. */
export function kindForReason(reason: AfterSalesReason): AfterSalesKind {
  if (reason === 'not-working') return 'warranty';
  if (reason === 'late' || reason === 'courier' || reason === 'missing' || reason === 'other')
    return 'complaint';
  return 'return';
}

/** What the case needs. */
export interface AfterSalesRequest {
  readonly contactId: string;
  readonly kind: AfterSalesKind;
  readonly reason: AfterSalesReason;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  /** The order's status when the caller asked (SHIPPED, DELIVERED, ...). */
  readonly status: string;
  readonly locale: Locale;
  /** The consent decision on record for the call (so staff know whether a recording exists). */
  readonly consent: string | undefined;
}

const KIND_TITLES: Readonly<Record<AfterSalesKind, string>> = {
  return: 'Return request',
  warranty: 'Warranty claim',
  complaint: 'Complaint',
};

const REASON_TEXTS: Readonly<Record<AfterSalesReason, string>> = {
  damaged: 'arrived damaged',
  'not-working': 'does not work',
  'wrong-item': 'wrong item',
  missing: 'not received',
  late: 'arrived late',
  courier: 'the delivery or the courier',
  'changed-mind': 'no longer wanted',
  other: 'other (ask the caller)',
};

/** The back-office case of an after-sales request. */
export function afterSalesCase(request: AfterSalesRequest): BackOfficeTask {
  const { kind, reason, orderId } = request;
  return {
    // One case per call, order and kind, however often Lex retries the code hook.
    token: `after-sales-${request.contactId}-${orderId}-${kind}`,
    name: `${KIND_TITLES[kind]}: order ${orderId}`,
    description:
      `${KIND_TITLES[kind]} for order ${orderId} (${request.quantity} x ${request.sku}, ${request.status}). ` +
      `Reason given: ${REASON_TEXTS[reason]}. The caller was told a colleague reviews it during opening hours. ` +
      `Contact ${request.contactId}, language ${request.locale}, consent ${request.consent ?? 'unknown'}.`,
    attributes: {
      caseKind: `after-sales-${kind}`,
      contactId: request.contactId,
      orderId,
      reason,
      locale: request.locale,
      ...(request.consent ? { consent: request.consent } : {}),
    },
  };
}
