import { paymentConfigured } from '../../lib/stacks/contact-center-stack';
import { type ControlResult, evaluateControls, evaluateReportControl, RECALL_FLOOR } from './controls';
import { type Block, toHtml, toMarkdown } from './document';
import { type Evidence, PAY_LATER_VARIANT, resourcesOfType } from './evidence';

/** The rendered report and the control results it shows. */
export interface ComplianceReport {
  readonly markdown: string;
  readonly html: string;
  readonly controls: readonly ControlResult[];
  /** Controls that failed (empty when compliant). */
  readonly failing: readonly ControlResult[];
}

const TITLE = 'phone-robot compliance report';

/** How the report names each flow property (one label per property: the decline proof is not the payment proof). */
export const PROPERTY_LABELS: Readonly<Record<Evidence['flows'][number]['property'], string>> = {
  consent: 'consent before recording',
  'consent-once': 'consent asked once',
  'prompt-keys': 'prompt offers the grant and decline keys',
  decline: 'recording disabled and caller told unless granted',
  withdrawal: 'withdrawal carried out',
  payment: 'recording suspended for card input',
};
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** `Annotation::AwsSolutions-S1` → `AwsSolutions-S1`. */
const ruleId = (id: string) => id.replace(/^[A-Za-z]+::/, '');
const json = (v: unknown) => JSON.stringify(v ?? null);

/** Logical ids referenced by an intrinsic (Ref, GetAtt, ImportValue export names). */
function referencedIds(value: unknown): string[] {
  const text = json(value);
  const ids = new Set<string>();
  for (const m of text.matchAll(/"Ref":"([A-Za-z0-9]+)"/g)) ids.add(m[1] as string);
  for (const m of text.matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)"/g)) ids.add(m[1] as string);
  for (const m of text.matchAll(/ExportsOutput(?:Ref|FnGetAtt)([A-Za-z0-9]+?)(?:Arn|Id|Name)?[0-9A-F]{8}"/g))
    ids.add(m[1] as string);
  return [...ids];
}

/** Short name of a logical id: drops the 8-hex hash CDK appends. */
const short = (id: string) => id.replace(/[0-9A-F]{8}$/, '');

function storesTable(ev: Evidence): Block {
  const types: Record<string, string> = {
    'AWS::S3::Bucket': 'S3 bucket',
    'AWS::DynamoDB::Table': 'DynamoDB table',
    'AWS::Kinesis::Stream': 'Kinesis stream',
    'AWS::SNS::Topic': 'SNS topic',
    'AWS::SQS::Queue': 'SQS queue',
  };
  const policies = resourcesOfType(ev, 'AWS::IAM::Policy');
  const bucketPolicies = resourcesOfType(ev, 'AWS::S3::BucketPolicy');
  const rows: string[][] = [];
  for (const [type, label] of Object.entries(types)) {
    for (const r of resourcesOfType(ev, type)) {
      const p = r.props;
      const encryption =
        type === 'AWS::S3::Bucket'
          ? (() => {
              const d =
                p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
              return d
                ? `${d.SSEAlgorithm}${d.KMSMasterKeyID ? ` (${referencedIds(d.KMSMasterKeyID).map(short).join(', ')})` : ''}`
                : 'none';
            })()
          : type === 'AWS::DynamoDB::Table'
            ? p.SSESpecification?.SSEEnabled
              ? `KMS (${referencedIds(p.SSESpecification.KMSMasterKeyId).map(short).join(', ')})`
              : 'AWS owned'
            : type === 'AWS::Kinesis::Stream'
              ? p.StreamEncryption
                ? `KMS (${referencedIds(p.StreamEncryption.KeyId).map(short).join(', ')})`
                : 'none'
              : p.KmsMasterKeyId
                ? `KMS (${referencedIds(p.KmsMasterKeyId).map(short).join(', ') || 'managed'})`
                : p.SqsManagedSseEnabled
                  ? 'SQS-managed'
                  : 'none';
      const extra: string[] = [];
      if (type === 'AWS::S3::Bucket') {
        const bp = bucketPolicies.find((b) => json(b.props.Bucket).includes(r.id));
        extra.push(
          json(bp?.props.PolicyDocument).includes('"aws:SecureTransport":"false"')
            ? 'TLS only'
            : 'TLS not enforced',
        );
        if (p.ObjectLockEnabled) {
          const d = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
          extra.push(`Object Lock ${d?.Mode} ${d?.Days} d`);
        }
      }
      if (p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled) extra.push('PITR');
      const principals = new Set<string>();
      for (const pol of policies) {
        const grants = ((pol.props.PolicyDocument?.Statement ?? []) as Record<string, unknown>[]).some(
          (s) => s.Effect === 'Allow' && json(s.Resource).includes(r.id),
        );
        if (grants) for (const role of referencedIds(pol.props.Roles)) principals.add(short(role));
      }
      rows.push([
        `${label} \`${short(r.id)}\` (${r.stack})`,
        encryption,
        extra.join(', ') || '-',
        [...principals].sort().join(', ') || '(no IAM grant)',
      ]);
    }
  }
  return { kind: 'table', head: ['store', 'encryption', 'protection', 'roles with IAM access'], rows };
}

/**
 * Builds the compliance report (COMPLIANCE C13) from the evidence: configuration, cdk-nag per pack
 * with every acknowledgment, flow proofs, encryption and access per data store, redaction scores,
 * and each control with its pass/fail computed by its check.
 */
export function buildReport(ev: Evidence): ComplianceReport {
  const results = evaluateControls(ev);
  const c = ev.config;
  const blocks: Block[] = [];
  const add = (...b: Block[]) => blocks.push(...b);

  add(
    { kind: 'heading', level: 1, text: TITLE },
    {
      kind: 'paragraph',
      text: `Generated ${ev.generatedAt} for stage **${c.stage}** from the synthesized templates, the rendered flows, the labelled redaction sets and a data-subject-request run. Every pass/fail below is computed; nothing is written by hand.`,
    },
  );
  const summaryAt = blocks.length;

  add(
    { kind: 'heading', level: 2, text: 'Effective configuration', id: 'configuration' },
    {
      kind: 'table',
      head: ['setting', 'value'],
      rows: [
        ['stage', c.stage],
        ['recording retention', `${c.retentionDays} days, Object Lock ${c.objectLockMode}`],
        ['colder storage after', `${c.coldStorageAfterDays} days`],
        ['locales', `${c.locales.join(', ')} (default ${c.defaultLocale})`],
        ['notice version', c.noticeVersion],
        ...c.locales.map((l) => [`notice ${l} sha256`, `\`${ev.notices[l].sha256}\``]),
        ['log retention', `${c.logRetentionDays} days`],
        ['alert subscriptions', `${c.alertEmails.length} address(es)`],
      ],
    },
  );

  add({ kind: 'heading', level: 2, text: 'cdk-nag results per pack', id: 'nag' });
  add({
    kind: 'table',
    head: ['pack', 'unacknowledged findings', 'acknowledgments'],
    rows: ev.nag.packs.map((pack) => [
      pack,
      String(ev.nag.findings.filter((f) => f.pack.includes(pack)).length),
      String(ev.nag.acknowledgments.filter((a) => ruleId(a.id).startsWith(`${pack}-`)).length),
    ]),
  });
  if (ev.nag.findings.length > 0) {
    add({
      kind: 'list',
      items: ev.nag.findings.map((f) => `**${f.rule}** at \`${f.path}\`: ${f.description}`),
    });
  }
  for (const pack of ev.nag.packs) {
    const acks = ev.nag.acknowledgments.filter((a) => ruleId(a.id).startsWith(`${pack}-`));
    if (acks.length === 0) continue;
    add(
      { kind: 'heading', level: 3, text: `${pack} acknowledgments` },
      {
        kind: 'table',
        head: ['rule', 'resource', 'reason'],
        rows: acks.map((a) => [ruleId(a.id).slice(pack.length + 1), `\`${a.path}\``, a.reason]),
      },
    );
  }

  add(
    { kind: 'heading', level: 2, text: 'Flow proofs', id: 'flows' },
    {
      kind: 'paragraph',
      text: `Each property is proved on every path of the rendered flow: with card payment (the payment Lambda wired, once paymentKeyId and the certificate are configured) for the configured locales and each locale alone, and as "${PAY_LATER_VARIANT}" (no payment key: the caller is told payment by phone comes later). This configuration deploys the ${paymentConfigured(c) ? 'card-payment' : `${PAY_LATER_VARIANT}`} flow.`,
    },
    {
      kind: 'table',
      head: ['flow', 'rendering', 'property', 'result', 'paths', 'card inputs'],
      rows: ev.flows.map((f) => [
        f.flow,
        f.variant,
        PROPERTY_LABELS[f.property],
        f.holds ? 'holds on every path' : `**violated**: ${f.violations.join('; ')}`,
        String(f.paths),
        String(f.cardInputs),
      ]),
    },
  );

  add(
    { kind: 'heading', level: 2, text: 'Encryption and access per data store', id: 'stores' },
    storesTable(ev),
  );

  add(
    { kind: 'heading', level: 2, text: 'Data inventory', id: 'inventory' },
    {
      kind: 'paragraph',
      text: 'Every place that can hold caller data, generated from tools/compliance/inventory.ts; C16 fails when a store in the templates is missing here or lacks a handling.',
    },
    {
      kind: 'table',
      head: ['store', 'holds', 'whose', 'key', 'retention', 'readers', 'export', 'erase', 'withdrawal'],
      rows: ev.inventory.map((e) => [
        `${e.store} (${e.kind})`,
        e.holds,
        e.whose,
        e.key,
        e.retention,
        e.readers,
        ...(['export', 'erase', 'withdraw'] as const).map((k) => {
          const h = e.dsar[k];
          return 'does' in h ? h.does : `exempt: ${h.exempt}`;
        }),
      ]),
    },
  );

  add(
    { kind: 'heading', level: 2, text: 'Redaction recall', id: 'redaction' },
    {
      kind: 'paragraph',
      text: `Labelled synthetic sets in test/fixtures/pii; recall must be at least ${pct(RECALL_FLOOR)} on ID, phone and card numbers.`,
    },
    {
      kind: 'table',
      head: ['locale', 'type', 'labelled spans', 'recall', 'precision'],
      rows: ev.redaction.map((r) => [r.locale, r.type, String(r.spans), pct(r.recall), pct(r.precision)]),
    },
  );

  add({ kind: 'heading', level: 2, text: 'Controls', id: 'controls' });
  const controlBlocks = (r: ControlResult): Block[] => [
    {
      kind: 'heading',
      level: 3,
      text: `${r.id} ${r.title}: ${r.passed ? 'PASS' : 'FAIL'}`,
      id: r.id.toLowerCase(),
    },
    { kind: 'list', items: [...r.failures.map((f) => `**FAIL** ${f}`), ...r.evidence] },
  ];
  for (const r of results) add(...controlBlocks(r));

  // C13 judges the document itself, so it is evaluated on the draft and then appended.
  const c13 = evaluateReportControl(toMarkdown(blocks), results);
  add(...controlBlocks(c13));
  const all = [...results, c13].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const failing = all.filter((r) => !r.passed);
  blocks.splice(
    summaryAt,
    0,
    { kind: 'heading', level: 2, text: 'Summary', id: 'summary' },
    {
      kind: 'paragraph',
      text:
        failing.length === 0
          ? `All ${all.length} controls pass.`
          : `**${failing.length} of ${all.length} controls fail: ${failing.map((f) => f.id).join(', ')}.**`,
    },
    {
      kind: 'table',
      head: ['control', 'requirement', 'result'],
      rows: all.map((r) => [r.id, r.title, r.passed ? 'PASS' : `**FAIL** (${r.failures.length})`]),
    },
  );
  return { markdown: toMarkdown(blocks), html: toHtml(blocks, TITLE), controls: all, failing };
}
