import { createHmac, randomUUID } from 'node:crypto';
import { callerHmac, type HmacKeySource, normalisePhoneNumber } from '../caller-id';
import type { ConsentLedger } from '../consent/ledger';
import { withdrawConsent } from '../consent/withdraw-consent';
import { RETENTION_BASIS } from './policy';
import type {
  CallerRecords,
  CallerWords,
  ConsentEvidence,
  DsarAuditLog,
  DsarAuditRecord,
  DsarKind,
  DsarSubject,
  LakeErasure,
  LakeFinding,
  LakeStore,
  OrderItem,
  RecordingCatalog,
  RecordingRef,
  TextAgreementItem,
  TransientRef,
} from './types';

/** Ports of {@link DsarService}. */
export interface DsarDeps {
  readonly hmacKey: HmacKeySource;
  readonly records: CallerRecords;
  /** The turns table and Lex's stored utterances. */
  readonly words: CallerWords;
  /** The consent ledger, for withdrawals (append only). */
  readonly ledger: ConsentLedger;
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
  /** Agreements to product-link texts (what was agreed, when, and whether it was sent). */
  readonly textAgreements: readonly TextAgreementItem[];
  /** The bot turn records (words only for turns while consent was GRANTED). */
  readonly turns: readonly Readonly<Record<string, unknown>>[];
  readonly lake: readonly LakeFinding[];
  readonly recordings: readonly ReportedRecording[];
}

/** What a withdrawal did (COMPLIANCE C14), with what stays and why. */
export interface DsarWithdrawal {
  readonly requestId: string;
  readonly kind: 'withdraw';
  readonly completedAt: string;
  readonly subject: { readonly callerHmac: string | undefined; readonly contactIds: readonly string[] };
  /** Contacts whose GRANTED decision this request withdrew. */
  readonly withdrawn: readonly string[];
  /** Contacts withdrawn before (during the call, or by an earlier request). */
  readonly alreadyWithdrawn: readonly string[];
  /** Contacts that never granted: nothing to withdraw, their words are removed all the same. */
  readonly notGranted: readonly string[];
  readonly removed: {
    readonly lexSessions: number;
    readonly turnTexts: number;
    readonly lake: LakeErasure;
  };
  readonly retained: {
    readonly consents: readonly { readonly contactId: string; readonly basis: string }[];
    readonly recordings: readonly ReportedRecording[];
  };
}

/** Whom a withdrawal is for: a caller by phone number, or one contact. */
export type WithdrawalTarget = { readonly phone: string } | { readonly contactId: string };

/** What an erasure did and what it kept, with the reason for each kept item. */
export interface DsarErasure {
  readonly requestId: string;
  readonly kind: 'erase';
  readonly completedAt: string;
  readonly subject: { readonly callerHmac: string; readonly contactIds: readonly string[] };
  readonly erased: {
    readonly orders: readonly string[];
    readonly transientRecords: number;
    /** Bot turn records deleted. */
    readonly turns: number;
    /** Lex sessions whose stored utterances were deleted. */
    readonly lexSessions: number;
    readonly lake: LakeErasure;
  };
  readonly retained: {
    readonly consents: readonly { readonly contactId: string; readonly basis: string }[];
    readonly orders: readonly { readonly orderId: string; readonly basis: string }[];
    readonly textAgreements: readonly {
      readonly contactId: string;
      readonly sku: string;
      readonly basis: string;
    }[];
    readonly recordings: readonly ReportedRecording[];
  };
}

/** E.164: `+` then 7 to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Serves data-subject requests over ports: export (access and copy, PIPL art. 45, GDPR art. 15),
 * erase (PIPL art. 47, GDPR art. 17) and withdrawal of consent (PIPL art. 15, GDPR art. 7(3)).
 * Every request, completed or failed, leaves exactly one audit record that does not name the caller.
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
      textAgreements: found.texts,
      turns: found.turns,
      lake: found.lake,
      recordings: found.recordings,
      summary: {
        consents: found.consents.length,
        orders: found.orders.length,
        transientRecords: found.transient.length,
        textAgreements: found.texts.length,
        turns: found.turns.length,
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
      for (const item of found.texts) {
        await this.deps.records.eraseTextAgreement(item, subject.callerHmac, { requestId, at });
      }
      const words = await this.deps.words.erase(subject.contactIds);
      const lake = await this.deps.lake.erase(subject);
      return {
        requestId,
        kind: 'erase' as const,
        completedAt: this.clock().toISOString(),
        subject: { callerHmac: subject.callerHmac, contactIds: [...subject.contactIds].sort() },
        erased: {
          orders: found.orders.map((o) => o.orderId),
          transientRecords: found.transient.length,
          turns: words.turns,
          lexSessions: words.lexSessions,
          lake,
        },
        retained: {
          consents: found.consents.map((c) => ({ contactId: c.contactId, basis: RETENTION_BASIS.consent })),
          orders: found.orders.map((o) => ({ orderId: o.orderId, basis: RETENTION_BASIS.order })),
          textAgreements: found.texts.map((a) => ({
            contactId: a.contactId,
            sku: a.sku,
            basis: RETENTION_BASIS.textAgreement,
          })),
          recordings: found.recordings,
        },
        summary: {
          ordersErased: found.orders.length,
          transientRecordsDeleted: found.transient.length,
          turnsDeleted: words.turns,
          lexSessionsDeleted: words.lexSessions,
          lakeRowsDeleted: lake.rowsDeleted,
          lakeRowsMinimised: lake.rowsMinimised,
          consentsRetained: found.consents.length,
          textAgreementsMinimised: found.texts.length,
          recordingsStorageOnly: found.recordings.filter((r) => r.storageOnly).length,
        },
      };
    });
  }

  /**
   * Withdraws consent after the call, for a caller (by phone number: every contact of theirs) or
   * one contact: a WITHDRAWN event joins each GRANTED decision in the ledger; Lex's stored
   * utterances are deleted and the turn records lose their words; the lake loses the transcripts
   * and the turns' words. Recordings stay as the retention lock requires, listed with the date
   * their lock ends, and are no longer transcribed.
   */
  async withdraw(target: WithdrawalTarget): Promise<DsarWithdrawal> {
    const requestId = this.newRequestId();
    const requestedAt = this.clock().toISOString();
    let hmac: string | undefined;
    let contactIds: Set<string>;
    let consents: ConsentEvidence[];
    if ('phone' in target) {
      hmac = callerHmac(this.normalised(target.phone), await this.deps.hmacKey.key());
      consents = await this.deps.records.consents(hmac);
      contactIds = new Set(consents.map((c) => c.contactId));
    } else {
      if (!/^[0-9A-Za-z-]{1,100}$/.test(target.contactId)) {
        throw new DsarRequestError('the contact id must be a Connect contact id');
      }
      contactIds = new Set([target.contactId]);
      consents = [];
    }
    const base = {
      requestId,
      kind: 'withdraw' as const,
      subjectRef: createHmac('sha256', requestId)
        .update(hmac ?? [...contactIds].join(','))
        .digest('hex'),
      operator: this.deps.operator,
      requestedAt,
    };
    return this.audited(base, async () => {
      const withdrawn: string[] = [];
      const already: string[] = [];
      const notGranted: string[] = [];
      for (const contactId of [...contactIds].sort()) {
        const outcome = await withdrawConsent({ contactId, via: 'STAFF', requestId }, this.deps);
        if (outcome.kind === 'NOT_GRANTED') notGranted.push(contactId);
        else (outcome.written ? withdrawn : already).push(contactId);
      }
      const words = await this.deps.words.forget(contactIds);
      const lake = await this.deps.lake.withdraw(contactIds);
      const now = this.clock().toISOString();
      const recordings = (await this.deps.recordings.find(contactIds)).map((r) => ({
        ...r,
        storageOnly: r.retainUntil === undefined || r.retainUntil > now,
        basis: RETENTION_BASIS.recording,
      }));
      const ledgerAfter = hmac === undefined ? [] : await this.deps.records.consents(hmac);
      const result: DsarWithdrawal = {
        requestId,
        kind: 'withdraw',
        completedAt: this.clock().toISOString(),
        subject: { callerHmac: hmac, contactIds: [...contactIds].sort() },
        withdrawn,
        alreadyWithdrawn: already,
        notGranted,
        removed: { lexSessions: words.lexSessions, turnTexts: words.turnTexts, lake },
        retained: {
          consents: [...contactIds]
            .sort()
            .map((contactId) => ({ contactId, basis: RETENTION_BASIS.consent })),
          recordings,
        },
      };
      return {
        result,
        summary: {
          withdrawn: withdrawn.length,
          alreadyWithdrawn: already.length,
          notGranted: notGranted.length,
          lexSessionsDeleted: words.lexSessions,
          turnTextsRemoved: words.turnTexts,
          lakeRowsDeleted: lake.rowsDeleted,
          lakeRowsMinimised: lake.rowsMinimised,
          recordingsStorageOnly: recordings.filter((r) => r.storageOnly).length,
          ledgerEvents: ledgerAfter.length || consents.length,
        },
      };
    });
  }

  /** The E.164 form of a phone number, or a DsarRequestError. */
  private normalised(phone: string): string {
    const normalised = normalisePhoneNumber(phone);
    if (!E164.test(phone.trim()) || !E164.test(normalised)) {
      throw new DsarRequestError('the phone number must be in E.164 form, e.g. +15550123');
    }
    return normalised;
  }

  private async run<T extends { summary: Record<string, number> }>(
    kind: DsarKind,
    phone: string,
    act: (requestId: string, subject: DsarSubject, found: Found) => Promise<T>,
  ): Promise<Omit<T, 'summary'>> {
    const normalised = this.normalised(phone);
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
    return this.audited(base, async () => {
      const { subject, found } = await this.collect(hmac);
      const { summary, ...result } = await act(requestId, subject, found);
      return { result, summary };
    });
  }

  /** Runs a request and appends its audit record: COMPLETED with the summary, or FAILED. */
  private async audited<T>(
    base: Omit<DsarAuditRecord, 'completedAt' | 'status' | 'summary' | 'error'>,
    act: () => Promise<{ result: T; summary: Record<string, number> }>,
  ): Promise<T> {
    try {
      const { result, summary } = await act();
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
    const [consents, orders, texts] = await Promise.all([
      this.deps.records.consents(hmac),
      this.deps.records.orders(hmac),
      this.deps.records.textAgreements(hmac),
    ]);
    const contactIds = new Set<string>();
    for (const c of consents) contactIds.add(c.contactId);
    for (const a of texts) contactIds.add(a.contactId);
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
    const turns = await this.deps.words.turns(contactIds);
    const now = this.clock().toISOString();
    const recordings = (await this.deps.recordings.find(contactIds)).map((r) => ({
      ...r,
      storageOnly: r.retainUntil === undefined || r.retainUntil > now,
      basis: RETENTION_BASIS.recording,
    }));
    return { subject, found: { consents, orders, transient, texts, turns, lake, recordings } };
  }
}

interface Found {
  readonly consents: ConsentEvidence[];
  readonly orders: OrderItem[];
  readonly transient: TransientRef[];
  readonly texts: TextAgreementItem[];
  readonly turns: readonly Readonly<Record<string, unknown>>[];
  readonly lake: LakeFinding[];
  readonly recordings: ReportedRecording[];
}
