import { type CallTurns, ContactWords, type LexSession } from '../../lambdas/core/after-call/after-call';
import { callerHmac, StaticHmacKey } from '../../lambdas/core/caller-id';
import type {
  ConsentHistory,
  ConsentLedger,
  ConsentRecord,
  WithdrawalRecord,
} from '../../lambdas/core/consent/ledger';
import type { TurnLogItem } from '../../lambdas/core/dialog/turn-record';
import {
  type CallerRecords,
  type ConsentEvidence,
  type DsarAuditRecord,
  DsarService,
  type DsarSubject,
  eraseLakeRows,
  type LakeErasure,
  type LakeFinding,
  type LakeStore,
  ORDER_RETAINED_FIELDS,
  type OrderItem,
  type RecordingRef,
  rowConcerns,
  type TextAgreementItem,
  type TransientRef,
  withdrawLakeRows,
} from '../../lambdas/core/dsar';
import type { DsarSelfCheck } from './evidence';

/**
 * Runs the data-subject service, the same code `npm run dsar` runs, over in-memory stores seeded
 * with two synthetic callers, and reports what of the requested caller survives an erasure outside
 * the consent evidence. The DynamoDB and file adapters are proven by test/integration/dsar*.test.ts.
 */

const KEY = Buffer.from('compliance-report-synthetic-key', 'utf8');
const SUBJECT = '+15550177';
const OTHER = '+15550178';

class MemoryRecords implements CallerRecords {
  constructor(
    readonly ledger: ConsentEvidence[],
    readonly orderItems: Map<string, Record<string, unknown>>,
    readonly transientItems: Map<string, Record<string, unknown>>,
    readonly texts: Record<string, unknown>[],
  ) {}
  async textAgreements(h: string) {
    return this.texts.filter((t) => t.callerHmac === h) as TextAgreementItem[];
  }
  async eraseTextAgreement(item: TextAgreementItem, h: string, stamp: { requestId: string; at: string }) {
    const i = this.texts.findIndex((t) => t.contactId === item.contactId && t.sku === item.sku);
    const found = this.texts[i];
    if (found?.callerHmac !== h) throw new Error('condition failed');
    const { callerHmac: _dropped, ...kept } = found;
    this.texts[i] = { ...kept, erasedAt: stamp.at, erasureRequestId: stamp.requestId };
  }
  async consents(h: string) {
    return this.ledger.filter((c) => c.callerHmac === h);
  }
  async orders(h: string) {
    return [...this.orderItems.values()].filter((o) => o.callerHmac === h) as OrderItem[];
  }
  async transient(subject: DsarSubject, orderIds: readonly string[]): Promise<TransientRef[]> {
    const needles = [subject.callerHmac, ...orderIds, ...subject.contactIds];
    return [...this.transientItems.entries()]
      .filter(([, item]) => needles.some((n) => JSON.stringify(item).includes(n)))
      .map(([key, item]) => ({ key, kind: String(item.kind) }));
  }
  async eraseOrder(orderId: string, h: string, stamp: { requestId: string; at: string }) {
    const item = this.orderItems.get(orderId);
    if (item?.callerHmac !== h) throw new Error('condition failed');
    const kept = Object.fromEntries(Object.entries(item).filter(([k]) => ORDER_RETAINED_FIELDS.has(k)));
    this.orderItems.set(orderId, { ...kept, erasedAt: stamp.at, erasureRequestId: stamp.requestId });
  }
  async deleteTransient(ref: TransientRef) {
    this.transientItems.delete(ref.key);
  }
}

class MemoryLake implements LakeStore {
  constructor(readonly tables: Map<string, Record<string, unknown>[]>) {}
  async find(subject: DsarSubject): Promise<LakeFinding[]> {
    return [...this.tables.entries()]
      .map(([table, rows]) => ({
        table,
        location: `memory:${table}`,
        rows: rows.filter((r) => rowConcerns(table, r, subject)),
      }))
      .filter((f) => f.rows.length > 0);
  }
  async erase(subject: DsarSubject): Promise<LakeErasure> {
    let rowsDeleted = 0;
    let rowsMinimised = 0;
    for (const [table, rows] of this.tables) {
      const r = eraseLakeRows(table, rows, subject);
      rowsDeleted += r.deleted;
      rowsMinimised += r.minimised;
      this.tables.set(table, r.rows);
    }
    return { rowsDeleted, rowsMinimised, locations: [] };
  }
  async withdraw(contactIds: ReadonlySet<string>): Promise<LakeErasure> {
    let rowsDeleted = 0;
    let rowsMinimised = 0;
    for (const [table, rows] of this.tables) {
      const r = withdrawLakeRows(table, rows, contactIds);
      rowsDeleted += r.deleted;
      rowsMinimised += r.minimised;
      this.tables.set(table, r.rows);
    }
    return { rowsDeleted, rowsMinimised, locations: [] };
  }
}

/** Turn records in memory. */
class MemoryTurns implements CallTurns {
  constructor(readonly items: TurnLogItem[]) {}
  async turns(contactId: string) {
    return this.items.filter((i) => i.contactId === contactId);
  }
  async dropText(contactId: string, keys: readonly string[]) {
    for (const i of this.items)
      if (i.contactId === contactId && keys.includes(i.turn)) Object.assign(i, { text: null });
  }
  async deleteTurns(contactId: string, keys: readonly string[]) {
    const keep = this.items.filter((i) => !(i.contactId === contactId && keys.includes(i.turn)));
    this.items.splice(0, this.items.length, ...keep);
  }
}

/** Lex's stored utterances in memory: session keys with what was said. */
class MemoryLex {
  constructor(readonly stored: Map<string, string>) {}
  async deleteSession(s: LexSession) {
    this.stored.delete(`${s.localeId}/${s.sessionId}`);
  }
}

/** Seeds two callers, exports and erases the first, and lists what of them is left. */
export async function runDsarSelfCheck(): Promise<DsarSelfCheck> {
  const h = callerHmac(SUBJECT, KEY);
  const other = callerHmac(OTHER, KEY);
  const consent = (contactId: string, hmac: string) => ({ contactId, callerHmac: hmac, decision: 'GRANTED' });
  const order = (orderId: string, hmac: string, contactId: string) => ({
    orderId,
    callerHmac: hmac,
    contactId,
    sku: 'SMART-PLUG',
    totalMinor: 3998,
    status: 'PAID',
    cardBrand: 'VISA',
    cardLast4: '1111',
  });
  const records = new MemoryRecords(
    [consent('c-s-1', h), consent('c-o-1', other)],
    new Map([
      ['o-s-1', order('o-s-1', h, 'c-s-1')],
      ['o-o-1', order('o-o-1', other, 'c-o-1')],
    ]),
    new Map([
      ['place#c-s-1', { kind: 'PlaceOrder', result: order('o-s-1', h, 'c-s-1') }],
      ['pay#o-s-1#c-s-1', { kind: 'Payment' }],
      ['place#c-o-1', { kind: 'PlaceOrder', result: order('o-o-1', other, 'c-o-1') }],
    ]),
    [
      { contactId: 'c-s-3', sku: 'PL-100', callerHmac: h, outcome: 'SENT', offer: 'Shall I send one text?' },
      {
        contactId: 'c-o-1',
        sku: 'PL-100',
        callerHmac: other,
        outcome: 'SENT',
        offer: 'Shall I send one text?',
      },
    ],
  );
  const secret = 'subject transcript line';
  const lake = new MemoryLake(
    new Map<string, Record<string, unknown>[]>([
      [
        'transcripts',
        [
          { contactId: 'c-s-1', content: secret },
          { contactId: 'c-o-1', content: 'other line' },
        ],
      ],
      ['orders', [{ orderId: 'o-s-1', callerHmac: h, contactId: 'c-s-1' }]],
      ['consents', [{ contactId: 'c-s-1', callerHmac: h }]],
      ['ctr', [{ ContactId: 'c-s-2', Attributes: { callerHmac: h } }]],
    ]),
  );
  const said = 'subject said this to the bot';
  const turnOf = (contactId: string, text: string): TurnLogItem => ({
    contactId,
    turn: `2026-12-01T00:00:00.000Z#${contactId}`,
    at: '2026-12-01T00:00:00.000Z',
    sessionId: contactId,
    localeId: 'en_US',
    locale: 'en-US',
    intent: 'ProductInfo',
    source: 'DialogCodeHook',
    inputMode: 'Speech',
    consent: 'GRANTED',
    outcome: 'ANSWERED',
    slots: '',
    nluConfidence: null,
    words: 6,
    characters: text.length,
    text,
    redactions: 0,
    sensitive: null,
    expiresAt: 0,
  });
  const turns = new MemoryTurns([turnOf('c-s-1', said), turnOf('c-o-1', 'other said this')]);
  const lex = new MemoryLex(
    new Map([
      ['en_US/c-s-1', said],
      ['en_US/c-o-1', 'other said this'],
    ]),
  );
  const decisions = new Map<string, ConsentRecord>(
    [
      ['c-s-1', h],
      ['c-o-1', other],
    ].map(([contactId, hmac]) => [
      contactId as string,
      {
        contactId: contactId as string,
        decision: 'GRANTED',
        noticeVersion: '2026-12-01',
        noticeSha256: 'a'.repeat(64),
        locale: 'en-US',
        callerHmac: hmac as string,
        decidedAt: '2026-12-01T00:00:00.000Z',
      },
    ]),
  );
  const withdrawals = new Map<string, WithdrawalRecord>();
  const ledger: ConsentLedger = {
    appendOnce: async (record) => ({ written: false, record: decisions.get(record.contactId) ?? record }),
    appendWithdrawal: async (w) => {
      const existing = withdrawals.get(w.contactId);
      if (existing) return { written: false, withdrawal: existing };
      withdrawals.set(w.contactId, w);
      return { written: true, withdrawal: w };
    },
    history: async (contactId): Promise<ConsentHistory> => ({
      decision: decisions.get(contactId),
      withdrawal: withdrawals.get(contactId),
    }),
  };
  const audit: DsarAuditRecord[] = [];
  const recordings = {
    async find(ids: ReadonlySet<string>): Promise<RecordingRef[]> {
      return ids.has('c-s-1')
        ? [{ contactId: 'c-s-1', location: 'memory:vault/c-s-1', retainUntil: '2999-01-01' }]
        : [];
    },
  };
  const service = new DsarService({
    hmacKey: new StaticHmacKey(KEY),
    records,
    words: new ContactWords({ turns, utterances: lex, localeIds: ['en_US'] }),
    ledger,
    lake,
    recordings,
    audit: { append: async (r) => void audit.push(r) },
    operator: 'compliance-report',
  });
  await service.export(SUBJECT);
  const erasure = await service.erase(SUBJECT);

  const leftovers: string[] = [];
  const outside = {
    orders: [...records.orderItems.values()],
    transient: [...records.transientItems.values()],
    textAgreements: records.texts,
    lake: [...lake.tables.values()].flat(),
    turns: turns.items,
    lex: [...lex.stored.values()],
    audit,
  };
  for (const [store, items] of Object.entries(outside)) {
    const text = JSON.stringify(items);
    if (text.includes(h)) leftovers.push(`the caller HMAC in ${store}`);
    if (text.includes(secret)) leftovers.push(`a transcript line in ${store}`);
    if (text.includes(said)) leftovers.push(`what the caller said to the bot in ${store}`);
  }
  for (const o of outside.orders.filter((x) => x.orderId === 'o-s-1')) {
    for (const k of Object.keys(o)) if (!ORDER_RETAINED_FIELDS.has(k)) leftovers.push(`order field ${k}`);
  }
  if (!JSON.stringify(outside.orders).includes(other)) leftovers.push("the other caller's order was touched");
  if (!outside.lex.includes('other said this'))
    leftovers.push("the other caller's Lex utterances were touched");

  // Then the other caller withdraws after the call: their words must go, their decision stay.
  await service.withdraw({ phone: OTHER });
  const withdrawalLeftovers: string[] = [];
  const afterWithdrawal = {
    lake: [...lake.tables.values()].flat(),
    turns: turns.items,
    lex: [...lex.stored.values()],
  };
  for (const [store, items] of Object.entries(afterWithdrawal)) {
    const text = JSON.stringify(items);
    if (text.includes('other said this'))
      withdrawalLeftovers.push(`what the caller said to the bot in ${store}`);
    if (text.includes('other line')) withdrawalLeftovers.push(`a transcript line in ${store}`);
  }
  return {
    leftovers,
    consentsRetained: erasure.retained.consents.length,
    recordingsStorageOnly: erasure.retained.recordings.filter((r) => r.storageOnly).length,
    auditRecords: audit.length,
    withdrawalLeftovers,
    withdrawnLedgerEvents: [
      ...(decisions.has('c-o-1') ? ['DECISION'] : []),
      ...(withdrawals.has('c-o-1') ? ['WITHDRAWN'] : []),
    ],
  };
}
