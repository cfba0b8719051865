import type { Locale } from '../../lambdas/contracts/locales';

/**
 * Synthetic delivery answers as a caller gives them (clearly fake name, a made-up street), for
 * tests that place orders: the slot values Lex holds once the bot has asked for them.
 */
export const DELIVERY_ANSWERS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  'en-US': {
    RecipientName: 'my name is Alex Doe',
    DeliveryAddress: '12 Oak Street Springfield Illinois 62704',
    UpdatesPhone: 'yes',
  },
  'zh-CN': {
    RecipientName: '收件人是张伟',
    DeliveryAddress: '浙江省杭州市西湖区文三路88号',
    UpdatesPhone: '可以',
  },
};

/** The street of {@link DELIVERY_ANSWERS}, as a lake or log scan looks for it. */
export const DELIVERY_STREETS: Readonly<Record<Locale, string>> = {
  'en-US': 'Oak Street',
  'zh-CN': '文三路',
};

/** The steps of a scripted call that answer the bot's delivery questions (scenario format). */
export function deliverySteps(locale: Locale, updates = locale === 'zh-CN' ? '可以' : 'yes') {
  const a = DELIVERY_ANSWERS[locale];
  return locale === 'zh-CN'
    ? [
        { expect: '收件人' },
        { say: a.RecipientName },
        { expect: '收货地址' },
        { say: a.DeliveryAddress },
        { expect: '电话联系|手机号' },
        { say: updates },
      ]
    : [
        { expect: 'Who should we deliver it to' },
        { say: a.RecipientName },
        { expect: 'delivery address' },
        { say: a.DeliveryAddress },
        { expect: 'phone you about the delivery' },
        { say: updates },
      ];
}
