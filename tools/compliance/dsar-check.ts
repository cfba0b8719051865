import { callerHmac, StaticHmacKey } from '../../lambdas/core/caller-id';
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
  type TransientRef,
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
  ) {}
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
    lake: [...lake.tables.values()].flat(),
    audit,
  };
  for (const [store, items] of Object.entries(outside)) {
    const text = JSON.stringify(items);
    if (text.includes(h)) leftovers.push(`the caller HMAC in ${store}`);
    if (text.includes(secret)) leftovers.push(`a transcript line in ${store}`);
  }
  for (const o of outside.orders.filter((x) => x.orderId === 'o-s-1')) {
    for (const k of Object.keys(o)) if (!ORDER_RETAINED_FIELDS.has(k)) leftovers.push(`order field ${k}`);
  }
  if (!JSON.stringify(outside.orders).includes(other)) leftovers.push("the other caller's order was touched");
  return {
    leftovers,
    consentsRetained: erasure.retained.consents.length,
    recordingsStorageOnly: erasure.retained.recordings.filter((r) => r.storageOnly).length,
    auditRecords: audit.length,
  };
}
