import type { Locale } from '../../lambdas/contracts/locales';
import type { AppConfig } from '../../lib/config';
import type { RenderedNotice } from '../../lib/flows/notices';
import type { NagAcknowledgment, NagFinding } from '../../lib/nag';
import type { InventoryEntry } from './inventory';
import type { StackTemplate } from './template';

export type { StackTemplate, TemplateResource } from './template';

/** How a proof names the rendering without card payment (no payment key: the default deploy). */
export const PAY_LATER_VARIANT = 'pay later';

/** The outcome of proving one path property over one rendered flow. */
export interface FlowProof {
  /** Flow name, e.g. `inbound`. */
  readonly flow: string;
  /** Which rendering, e.g. `locales zh-CN,en-US` (card payment) or `locales zh-CN,en-US, pay later`. */
  readonly variant: string;
  /** Which property: consent before recording, asked once, prompt keys, decline, withdrawal, payment. */
  readonly property: 'consent' | 'consent-once' | 'prompt-keys' | 'decline' | 'withdrawal' | 'payment';
  readonly holds: boolean;
  readonly paths: number;
  readonly actions: number;
  /** Card inputs in the flow (the payment property holds vacuously when 0). */
  readonly cardInputs: number;
  /** Violations (rule: message), empty when the property holds. */
  readonly violations: readonly string[];
  /** Whether every consent branch other than GRANTED reaches the bot (declining keeps full service). */
  readonly declineReachesBot?: boolean;
}

/** Recall and precision of the redactor for one locale and PII type. */
export interface RedactionScore {
  readonly locale: Locale;
  readonly type: string;
  readonly spans: number;
  readonly recall: number;
  readonly precision: number;
}

/** Result of running the data-subject erasure on a seeded fixture. */
export interface DsarSelfCheck {
  /** Personal values still found outside the consent evidence after erasure (must be empty). */
  readonly leftovers: readonly string[];
  /** Consent evidence items kept. */
  readonly consentsRetained: number;
  /** Recordings listed as storage-only. */
  readonly recordingsStorageOnly: number;
  /** Audit records written for the requests. */
  readonly auditRecords: number;
  /** After a withdrawal of the other caller: their words or transcripts still found (must be empty). */
  readonly withdrawalLeftovers: readonly string[];
  /** Ledger events of the withdrawn contact after the withdrawal (DECISION and WITHDRAWN expected). */
  readonly withdrawnLedgerEvents: readonly string[];
}

/** Everything the controls are computed from. Gathered by `collectEvidence`, or built in tests. */
export interface Evidence {
  readonly generatedAt: string;
  readonly config: AppConfig;
  readonly notices: Readonly<Record<Locale, RenderedNotice>>;
  readonly templates: readonly StackTemplate[];
  readonly nag: {
    readonly packs: readonly string[];
    readonly findings: readonly NagFinding[];
    readonly acknowledgments: readonly NagAcknowledgment[];
  };
  readonly flows: readonly FlowProof[];
  readonly redaction: readonly RedactionScore[];
  /** docs/RUNBOOK.md, or undefined when missing. */
  readonly runbook: string | undefined;
  readonly dsar: DsarSelfCheck;
  /** The data inventory (C16). */
  readonly inventory: readonly InventoryEntry[];
}

/** Every resource of a type, across stacks. */
export function resourcesOfType(
  ev: Pick<Evidence, 'templates'>,
  type: string,
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON
): { stack: string; id: string; props: Record<string, any> }[] {
  return ev.templates.flatMap((t) =>
    Object.entries(t.resources)
      .filter(([, r]) => r.Type === type)
      // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON
      .map(([id, r]) => ({ stack: t.stack, id, props: (r.Properties ?? {}) as Record<string, any> })),
  );
}
