import { join } from 'node:path';
import type { ConsentEvent, CtrRecord, OrderEvent, TurnRecord } from '../../../lambdas/contracts/lake';
import { LocalDataStore } from '../../../local/lake';

/**
 * A small lake with every kind of row the dashboard draws: three days, both locales, calls at
 * several hours (07 among them), granted, declined and withdrawn consent, transfers to an agent,
 * orders in USD and CNY, and missed utterances in English and Chinese. Every row is validated
 * against lambdas/contracts/lake.ts by `LocalDataStore.append`, so the shapes are the real ones.
 */

const HMAC = 'a'.repeat(64);
const iso = (day: number, hour: number, minute = 0, second = 0) =>
  new Date(Date.UTC(2026, 10, day, hour, minute, second)).toISOString();

/** Writes the sample lake under `<dir>/lake`; returns the lake root. */
export function writeSampleLake(dir: string, options: { survey?: boolean } = {}): string {
  const store = new LocalDataStore(dir, 'dashboard-test');
  const ctr: CtrRecord[] = [];
  const consents: ConsentEvent[] = [];
  const orders: OrderEvent[] = [];
  const turns: TurnRecord[] = [];
  const hours = [7, 9, 9, 13, 16, 21];
  let n = 0;
  for (const day of [1, 2, 3]) {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      for (const [i, hour] of hours.entries()) {
        n++;
        const id = `contact-${String(n).padStart(3, '0')}`;
        const start = iso(day, hour, i * 7);
        const end = iso(day, hour, i * 7 + 2, 30 + i * 5);
        const decision = (n * 7 + day * 3 + i) % 5 < 2 ? 'DECLINED' : 'GRANTED';
        const transferred = i === 4;
        ctr.push({
          AWSContactTraceRecordFormatVersion: '2017-03-10',
          ContactId: id,
          InitialContactId: null,
          PreviousContactId: null,
          Channel: 'VOICE',
          InitiationMethod: 'INBOUND',
          InitiationTimestamp: start,
          ConnectedToSystemTimestamp: start,
          DisconnectTimestamp: end,
          LastUpdateTimestamp: end,
          DisconnectReason: 'CUSTOMER_DISCONNECT',
          InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000',
          CustomerEndpoint: { Type: 'TELEPHONE_NUMBER' },
          SystemEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+15550100' },
          Attributes: {
            consent: decision,
            locale,
            callerHmac: HMAC,
            noticeVersion: '2026-11-01',
            intents: transferred
              ? 'TalkToAgent'
              : i % 2 === 0
                ? 'OrderProduct,Goodbye'
                : 'ProductPrice,Goodbye',
            // The last call of each day (21:00) asked for a colleague out of hours: a callback
            // queued, declined on day 2.
            ...(i === 5 ? { callerId: 'KNOWN', callback: day === 2 ? 'DECLINED' : 'QUEUED' } : {}),
            // The post-call survey's answers, as the flow sets them (day 2, the first two calls).
            ...(options.survey && day === 2 && i < 2 ? { surveyScore: i === 0 ? '4' : '5' } : {}),
          },
          Queue: transferred
            ? {
                ARN: 'arn:aws:connect:us-east-1:111122223333:instance/x/queue/q',
                Name: 'BasicQueue',
                EnqueueTimestamp: start,
                DequeueTimestamp: end,
                Duration: 30,
              }
            : null,
          Agent: null,
          Recording: null,
        });
        consents.push({
          eventName: 'INSERT',
          eventTimestamp: start,
          contactId: id,
          event: 'DECISION',
          decision,
          noticeVersion: '2026-11-01',
          noticeSha256: 'b'.repeat(64),
          locale,
          callerHmac: HMAC,
          decidedAt: start,
          withdrawnAt: null,
          withdrawnVia: null,
          channel: 'VOICE',
        });
        if (decision === 'GRANTED' && i === 5) {
          consents.push({
            eventName: 'INSERT',
            eventTimestamp: end,
            contactId: id,
            event: 'WITHDRAWN',
            decision: null,
            noticeVersion: '2026-11-01',
            noticeSha256: null,
            locale,
            callerHmac: HMAC,
            decidedAt: null,
            withdrawnAt: end,
            withdrawnVia: 'CALLER',
            channel: 'VOICE',
          });
        }
        if (i % 2 === 0) {
          const usd = locale === 'en-US';
          const sku = i === 0 ? 'TEA-GREEN' : 'TEA-OOLONG';
          const unit = usd ? (sku === 'TEA-GREEN' ? 1250 : 1800) : sku === 'TEA-GREEN' ? 8800 : 12800;
          const quantity = 1 + ((n + i) % 3);
          orders.push({
            eventName: 'INSERT',
            eventTimestamp: start,
            orderId: `order-${n}`,
            callerHmac: HMAC,
            contactId: id,
            sku,
            quantity,
            currency: usd ? 'USD' : 'CNY',
            unitPriceMinor: unit,
            totalMinor: unit * quantity,
            status: n % 7 === 0 ? 'CANCELLED' : 'CONFIRMED',
            locale,
            createdAt: start,
            updatedAt: start,
          });
        }
        if (i === 1 || i === 3) {
          const words =
            locale === 'zh-CN'
              ? i === 1
                ? '你们周末几点开门'
                : '我想问一下快递什么时候到'
              : i === 1
                ? 'do you deliver on sundays'
                : 'can I change my address';
          turns.push({
            contactId: id,
            turn: `${start}#req-${n}`,
            at: start,
            sessionId: `session-${n}`,
            localeId: locale.replace('-', '_'),
            locale,
            intent: 'FallbackIntent',
            source: 'DialogCodeHook',
            inputMode: 'Speech',
            consent: decision,
            outcome: 'FALLBACK',
            slots: '',
            nluConfidence: null,
            words: 5,
            characters: words.length,
            text: decision === 'GRANTED' ? words : null,
            redactions: 0,
            sensitive: null,
          });
        }
      }
    }
  }
  store.append('ctr', ctr);
  store.append('consents', consents);
  store.append('orders', orders);
  store.append('turns', turns);
  return join(dir, 'lake');
}
