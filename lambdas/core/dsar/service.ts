import { createHmac, randomUUID } from 'node:crypto';
import { callerHmac, type HmacKeySource, normalisePhoneNumber } from '../caller-id';
import { RETENTION_BASIS } from './policy';
import type {
  CallerRecords,
  ConsentEvidence,
  DsarAuditLog,
  DsarKind,
  DsarSubject,
  LakeErasure,
  LakeFinding,
  LakeStore,
  OrderItem,
  RecordingCatalog,
  RecordingRef,
  TransientRef,
} from './types';

/** Ports of {@link DsarService}. */
export interface DsarDeps {
  readonly hmacKey: HmacKeySource;
  readonly records: CallerRecords;
  readonly lake: LakeStore;
  readonly recordings: RecordingCatalog;
  readonly audit: DsarAuditLog;
  /** Who runs the request (operator name), for the audit record. */
  readonly operator: string;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** @default randomUUID */
  readonly newRequestId?: () => string;
}

/** A rejected request (bad input); nothing was read or written. */
export class DsarRequestError extends Error {
  override name = 'DsarRequestError';
}

/** A recording in a report, with whether it can be erased yet. */
export interface ReportedRecording extends RecordingRef {
  /** True while Object Lock forbids deletion: kept, not processed. */
  readonly storageOnly: boolean;
  readonly basis: string;
}

/** Everything held about a caller (the copy handed to them). */
export interface DsarExport {
  readonly requestId: string;
  readonly kind: 'export';
  readonly generatedAt: string;
  readonly subject: { readonly callerHmac: string; readonly contactIds: readonly string[] };
  readonly consents: readonly ConsentEvidence[];
  readonly orders: readonly OrderItem[];
  readonly transientRecords: readonly TransientRef[];
  readonly lake: readonly LakeFinding[];
  readonly recordings: readonly ReportedRecording[];
}

/** What an erasure did and what it kept, with the reason for each kept item. */
export interface DsarErasure {
  readonly requestId: string;
  readonly kind: 'erase';
  readonly completedAt: string;
  readonly subject: { readonly callerHmac: string; readonly contactIds: readonly string[] };
  readonly erased: {
    readonly orders: readonly string[];
    readonly transientRecords: number;
    readonly lake: LakeErasure;
  };
  readonly retained: {
    readonly consents: readonly { readonly contactId: string; readonly basis: string }[];
    readonly orders: readonly { readonly orderId: string; readonly basis: string }[];
    readonly recordings: readonly ReportedRecording[];
  };
}

/** E.164: `+` then 7 to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Serves data-subject requests over ports: export (access and copy, PIPL art. 45, GDPR art. 15)
 * and erase (PIPL art. 47, GDPR art. 17). Every request, completed or failed, leaves exactly one
 * audit record that does not name the caller.
 */
export class DsarService {
  private readonly clock: () => Date;
  private readonly newRequestId: () => string;

  constructor(private readonly deps: DsarDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newRequestId = deps.newRequestId ?? randomUUID;
  }

  /** Collects everything held about the caller of `phone`. */
  async export(phone: string): Promise<DsarExport> {
    return this.run('export', phone, async (requestId, subject, found) => ({
      requestId,
      kind: 'export' as const,
      generatedAt: this.clock().toISOString(),
      subject: { callerHmac: subject.callerHmac, contactIds: [...subject.contactIds].sort() },
      consents: found.consents,
      orders: found.orders,
      transientRecords: found.transient,
      lake: found.lake,
      recordings: found.recordings,
      summary: {
        consents: found.consents.length,
        orders: found.orders.length,
        transientRecords: found.transient.length,
        lakeRows: found.lake.reduce((n, f) => n + f.rows.length, 0),
        recordings: found.recordings.length,
      },
    }));
  }

  /** Erases what may be erased about the caller of `phone`; lists what is kept and why. */
  async erase(phone: string): Promise<DsarErasure> {
    return this.run('erase', phone, async (requestId, subject, found) => {
      const at = this.clock().toISOString();
      for (const order of found.orders) {
        await this.deps.records.eraseOrder(order.orderId, subject.callerHmac, { requestId, at });
      }
      for (const ref of found.transient) await this.deps.records.deleteTransient(ref);
      const lake = await this.deps.lake.erase(subject);
      return {
        requestId,
        kind: 'erase' as const,
        completedAt: this.clock().toISOString(),
        subject: { callerHmac: subject.callerHmac, contactIds: [...subject.contactIds].sort() },
        erased: {
          orders: found.orders.map((o) => o.orderId),
          transientRecords: found.transient.length,
          lake,
        },
        retained: {
          consents: found.consents.map((c) => ({ contactId: c.contactId, basis: RETENTION_BASIS.consent })),
          orders: found.orders.map((o) => ({ orderId: o.orderId, basis: RETENTION_BASIS.order })),
          recordings: found.recordings,
        },
        summary: {
          ordersErased: found.orders.length,
          transientRecordsDeleted: found.transient.length,
          lakeRowsDeleted: lake.rowsDeleted,
          lakeRowsMinimised: lake.rowsMinimised,
          consentsRetained: found.consents.length,
          recordingsStorageOnly: found.recordings.filter((r) => r.storageOnly).length,
        },
      };
    });
  }

  private async run<T extends { summary: Record<string, number> }>(
    kind: DsarKind,
    phone: string,
    act: (requestId: string, subject: DsarSubject, found: Found) => Promise<T>,
  ): Promise<Omit<T, 'summary'>> {
    const normalised = normalisePhoneNumber(phone);
    if (!E164.test(phone.trim()) || !E164.test(normalised)) {
      throw new DsarRequestError('the phone number must be in E.164 form, e.g. +15550123');
    }
    const requestId = this.newRequestId();
    const requestedAt = this.clock().toISOString();
    const hmac = callerHmac(normalised, await this.deps.hmacKey.key());
    const base = {
      requestId,
      kind,
      subjectRef: createHmac('sha256', requestId).update(hmac).digest('hex'),
      operator: this.deps.operator,
      requestedAt,
    };
    try {
      const { subject, found } = await this.collect(hmac);
      const { summary, ...result } = await act(requestId, subject, found);
      await this.deps.audit.append({
        ...base,
        completedAt: this.clock().toISOString(),
        status: 'COMPLETED',
        summary,
      });
      return result;
    } catch (error) {
      await this.deps.audit.append({
        ...base,
        completedAt: this.clock().toISOString(),
        status: 'FAILED',
        summary: {},
        error: error instanceof Error ? error.name : 'Error',
      });
      throw error;
    }
  }

  /** Finds the caller's contacts in the ledger, orders and CTRs, then everything tied to them. */
  private async collect(hmac: string): Promise<{ subject: DsarSubject; found: Found }> {
    const [consents, orders] = await Promise.all([
      this.deps.records.consents(hmac),
      this.deps.records.orders(hmac),
    ]);
    const contactIds = new Set<string>();
    for (const c of consents) contactIds.add(c.contactId);
    for (const o of orders) if (typeof o.contactId === 'string') contactIds.add(o.contactId);
    // CTRs carry the HMAC too: a call without consent decision or order is still the caller's.
    const first = await this.deps.lake.find({ callerHmac: hmac, contactIds });
    for (const f of first) {
      if (f.table !== 'ctr') continue;
      for (const row of f.rows) if (typeof row.ContactId === 'string') contactIds.add(row.ContactId);
    }
    const subject: DsarSubject = { callerHmac: hmac, contactIds };
    const lake = await this.deps.lake.find(subject);
    const transient = await this.deps.records.transient(
      subject,
      orders.map((o) => o.orderId),
    );
    const now = this.clock().toISOString();
    const recordings = (await this.deps.recordings.find(contactIds)).map((r) => ({
      ...r,
      storageOnly: r.retainUntil === undefined || r.retainUntil > now,
      basis: RETENTION_BASIS.recording,
    }));
    return { subject, found: { consents, orders, transient, lake, recordings } };
  }
}

interface Found {
  readonly consents: ConsentEvidence[];
  readonly orders: OrderItem[];
  readonly transient: TransientRef[];
  readonly lake: LakeFinding[];
  readonly recordings: ReportedRecording[];
}
