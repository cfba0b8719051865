import type { Locale } from '../../lambdas/contracts/locales';
import { type Evidence, resourcesOfType } from './evidence';
import { inventoryGaps } from './inventory';

/** Result of one control's automated check. */
export interface ControlResult {
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  /** What was checked and found (shown for passes and failures). */
  readonly evidence: readonly string[];
  /** Why it failed; empty when passed. */
  readonly failures: readonly string[];
}

/** Lower bound of redaction recall on ID, phone and card numbers (C10). */
export const RECALL_FLOOR = 0.99;
/** PII types whose recall C10 bounds. */
export const RECALL_TYPES = ['ID_NUMBER', 'PHONE', 'CARD'] as const;

/** Phrases each notice must contain (C1): purpose, retention, rights and the channel to use them. */
export const NOTICE_REQUIREMENTS: Readonly<Record<Locale, (days: number) => Record<string, RegExp>>> = {
  'en-US': (days) => ({
    purpose: /we use recordings only to/i,
    retention: new RegExp(`deleted after ${days} days`),
    rights: /see, copy or delete your personal information/i,
    channel: /speak to a colleague|email/i,
    'decline keeps service': /if you decline.*full service/i,
  }),
  'zh-CN': (days) => ({
    purpose: /仅用于/,
    retention: new RegExp(`${days}天后删除`),
    rights: /查阅、复制或删除/,
    channel: /人工客服|电子邮件/,
    'decline keeps service': /不同意录音.*全部服务/,
  }),
};

const json = (v: unknown) => JSON.stringify(v ?? null);

type Check = (ev: Evidence, fail: (msg: string) => void, note: (msg: string) => void) => void;

/** The controls (each legal requirement, the control that meets it), each with its automated check. */
const CONTROLS: readonly { id: string; title: string; check: Check }[] = [
  {
    id: 'C1',
    title: 'Caller is told about recording, purpose, retention and rights before recording',
    check(ev, fail, note) {
      const consent = ev.flows.filter((f) => f.property === 'consent');
      if (consent.length === 0) fail('no consent proof was run');
      for (const f of consent) {
        if (!f.holds)
          fail(`${f.flow} [${f.variant}]: notice does not precede recording: ${f.violations.join('; ')}`);
      }
      note(
        `consent property (notice → consent input → ledger → GRANTED before any recording) proved on ${consent.length} flow renderings`,
      );
      for (const locale of ev.config.locales) {
        const notice = ev.notices[locale];
        for (const [what, pattern] of Object.entries(NOTICE_REQUIREMENTS[locale](ev.config.retentionDays))) {
          if (!pattern.test(notice.text))
            fail(`notice ${locale} v${notice.version} does not state the ${what}`);
        }
        note(
          `notice ${locale} v${notice.version} (sha256 ${notice.sha256.slice(0, 12)}…) states purpose, ${ev.config.retentionDays} days retention, rights and channel`,
        );
      }
    },
  },
  {
    id: 'C2',
    title: 'Explicit consent; declining costs no service',
    check(ev, fail, note) {
      const consent = ev.flows.filter((f) => f.property === 'consent');
      const decline = ev.flows.filter((f) => f.property === 'decline');
      const paths = consent.reduce((n, f) => n + f.paths, 0);
      for (const f of consent) {
        if (!f.holds) fail(`${f.flow} [${f.variant}]: a path enables recording without consent = GRANTED`);
        if (f.declineReachesBot !== true)
          fail(`${f.flow} [${f.variant}]: a branch without consent = GRANTED does not reach the bot`);
      }
      if (decline.length === 0) fail('no proof that declined callers get recording disabled and are told');
      for (const f of decline) {
        if (!f.holds)
          fail(
            `${f.flow} [${f.variant}]: a path without consent = GRANTED does not disable recording and say so`,
          );
      }
      note(`0 of ${paths} paths enable recording without consent = GRANTED`);
      note(
        'every branch without consent = GRANTED (declined, no input, invalid) reaches the order bot: full service without recording',
      );
    },
  },
  {
    id: 'C3',
    title: 'Proof of consent in an append-only ledger',
    check(ev, fail, note) {
      const ledger = resourcesOfType(ev, 'AWS::DynamoDB::Table').filter((t) =>
        t.id.includes('ConsentLedger'),
      );
      if (ledger.length !== 1) fail(`expected one consent ledger table, found ${ledger.length}`);
      const forbidden =
        /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete|\*)$|^\*$/;
      let grants = 0;
      for (const p of resourcesOfType(ev, 'AWS::IAM::Policy')) {
        for (const st of (p.props.PolicyDocument?.Statement ?? []) as Record<string, unknown>[]) {
          if (st.Effect !== 'Allow' || !json(st.Resource).includes('ConsentLedger')) continue;
          grants++;
          const actions = ([] as unknown[]).concat(st.Action);
          for (const a of actions) {
            if (typeof a === 'string' && forbidden.test(a))
              fail(`${p.stack}/${p.id} may ${a} on the consent ledger`);
          }
        }
      }
      note(`${grants} IAM grants reach the ledger; none allows UpdateItem, DeleteItem or BatchWriteItem`);
      note(
        'conditional first write (attribute_not_exists) is proven by test/integration/consent.test.ts on DynamoDB Local',
      );
    },
  },
  {
    id: 'C4',
    title: 'Encryption of recordings and personal data; TLS only',
    check(ev, fail, note) {
      // Construct path `Stack/AccessLogs/Bucket/Resource` ↔ logical id `AccessLogsBucket1234ABCD`.
      const acknowledgedSse = ev.nag.acknowledgments
        .filter((a) => a.id.endsWith('S3DefaultEncryptionKMS'))
        .map((a) => ({ stack: a.path.split('/')[0], id: a.path.split('/').slice(1, -1).join('') }));
      const buckets = resourcesOfType(ev, 'AWS::S3::Bucket');
      const policies = resourcesOfType(ev, 'AWS::S3::BucketPolicy');
      for (const b of buckets) {
        const sse =
          b.props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
        if (!sse) fail(`bucket ${b.stack}/${b.id} has no default encryption`);
        else if (
          sse.SSEAlgorithm !== 'aws:kms' &&
          !acknowledgedSse.some((a) => a.stack === b.stack && b.id.startsWith(a.id))
        ) {
          fail(`bucket ${b.stack}/${b.id} uses ${sse.SSEAlgorithm} without an acknowledged reason`);
        }
        const tls = policies.some(
          (p) =>
            json(p.props.Bucket).includes(b.id) &&
            json(p.props.PolicyDocument).includes('"aws:SecureTransport":"false"'),
        );
        if (!tls) fail(`bucket ${b.stack}/${b.id} accepts requests without TLS`);
      }
      const tables = resourcesOfType(ev, 'AWS::DynamoDB::Table');
      for (const t of tables) {
        if (t.props.SSESpecification?.SSEEnabled !== true || !t.props.SSESpecification?.KMSMasterKeyId)
          fail(`table ${t.stack}/${t.id} is not encrypted with a customer-managed key`);
      }
      const keys = resourcesOfType(ev, 'AWS::KMS::Key');
      for (const k of keys)
        if (k.props.EnableKeyRotation !== true) fail(`key ${k.stack}/${k.id} does not rotate`);
      const logs = resourcesOfType(ev, 'AWS::Logs::LogGroup');
      for (const l of logs) if (!l.props.KmsKeyId) fail(`log group ${l.stack}/${l.id} is not KMS-encrypted`);
      for (const t of resourcesOfType(ev, 'AWS::SNS::Topic'))
        if (!t.props.KmsMasterKeyId) fail(`topic ${t.stack}/${t.id} is not encrypted`);
      for (const q of resourcesOfType(ev, 'AWS::SQS::Queue'))
        if (!q.props.KmsMasterKeyId && q.props.SqsManagedSseEnabled !== true)
          fail(`queue ${q.stack}/${q.id} is not encrypted`);
      if (ev.nag.findings.length > 0) fail(`${ev.nag.findings.length} unacknowledged cdk-nag findings`);
      note(
        `${buckets.length} buckets (default encryption, TLS-only policy), ${tables.length} tables (CMK), ${keys.length} keys (rotating), ${logs.length} log groups (KMS)`,
      );
      note(`cdk-nag ${ev.nag.packs.join(', ')}: ${ev.nag.findings.length} unacknowledged findings`);
    },
  },
  {
    id: 'C5',
    title: 'Retention lock and minimisation',
    check(ev, fail, note) {
      const vaults = resourcesOfType(ev, 'AWS::S3::Bucket').filter((b) => b.props.ObjectLockEnabled);
      // The redacted vault, and the originals vault only when keepOriginalRecording is on.
      const expected = ev.config.keepOriginalRecording ? 2 : 1;
      if (vaults.length !== expected)
        fail(`expected ${expected} Object Lock vault(s), found ${vaults.length}`);
      const { objectLockMode } = ev.config;
      for (const v of vaults) {
        const original = v.id.startsWith('OriginalRecordings');
        const retentionDays = original ? ev.config.originalRetentionDays : ev.config.retentionDays;
        const rule = v.props.ObjectLockConfiguration?.Rule?.DefaultRetention;
        if (rule?.Mode !== objectLockMode || rule?.Days !== retentionDays)
          fail(
            `vault lock is ${rule?.Mode} ${rule?.Days} days; config says ${objectLockMode} ${retentionDays} days`,
          );
        // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON
        const expiries = ((v.props.LifecycleConfiguration?.Rules ?? []) as Record<string, any>[])
          .map((r) => r.ExpirationInDays)
          .filter((d): d is number => typeof d === 'number');
        if (expiries.length === 0) fail('vault recordings never expire');
        for (const d of expiries)
          if (d < retentionDays) fail(`vault expires recordings after ${d} < ${retentionDays} days`);
        note(
          `${original ? 'originals vault' : 'vault'}: Object Lock ${rule?.Mode} ${rule?.Days} days, expiry after ${expiries.join(', ')} days`,
        );
      }
      for (const b of resourcesOfType(ev, 'AWS::S3::Bucket').filter((x) => !x.props.ObjectLockEnabled)) {
        // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON
        const expires = ((b.props.LifecycleConfiguration?.Rules ?? []) as Record<string, any>[]).some(
          (r) => typeof r.ExpirationInDays === 'number',
        );
        if (!expires) fail(`bucket ${b.stack}/${b.id} keeps objects forever (no expiry rule)`);
      }
      note('every other bucket (logs, trail, lake, transcripts, results) has its own expiry');
    },
  },
  {
    id: 'C6',
    title: 'Backup',
    check(ev, fail, note) {
      const tables = resourcesOfType(ev, 'AWS::DynamoDB::Table');
      for (const t of tables) {
        if (t.props.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled !== true)
          fail(`table ${t.id} has no point-in-time recovery`);
      }
      const plans = resourcesOfType(ev, 'AWS::Backup::BackupPlan');
      const selections = resourcesOfType(ev, 'AWS::Backup::BackupSelection');
      if (plans.length === 0 || selections.length === 0) fail('no AWS Backup plan with a selection');
      const vault = resourcesOfType(ev, 'AWS::S3::Bucket').find((b) => b.props.ObjectLockEnabled);
      if (vault?.props.VersioningConfiguration?.Status !== 'Enabled')
        fail('the recording vault is not versioned');
      note(`${tables.length} tables with PITR; ${plans.length} backup plan(s); versioned vault`);
    },
  },
  {
    id: 'C7',
    title: 'Access control: only the auditor reads recordings',
    check(ev, fail, note) {
      const vaults = resourcesOfType(ev, 'AWS::S3::Bucket').filter((b) => b.props.ObjectLockEnabled);
      if (vaults.length === 0) fail('no Object Lock vault of recordings');
      for (const vault of vaults) {
        const policy = resourcesOfType(ev, 'AWS::S3::BucketPolicy').find((p) =>
          json(p.props.Bucket).includes(vault.id),
        );
        // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON
        const deny = ((policy?.props.PolicyDocument?.Statement ?? []) as Record<string, any>[]).find(
          (s) => s.Effect === 'Deny' && json(s.Action).includes('s3:GetObject') && s.Condition?.ArnNotEquals,
        );
        if (!deny) fail(`the policy of ${vault.id} does not deny recording reads by other principals`);
        const readers = ([] as unknown[]).concat(deny?.Condition?.ArnNotEquals?.['aws:PrincipalArn'] ?? []);
        const names = readers.map((r) => json(r));
        if (!names.some((n) => n.includes('AuditorRole')))
          fail(`the auditor role is not on the reader list of ${vault.id}`);
        // Transcribe reads the staging bucket; no service needs a vault.
        if (readers.length > 1)
          fail(`${readers.length} principals may read recordings in ${vault.id} (expected the auditor only)`);
        note(`${vault.id} readers: ${names.map((n) => /"([A-Za-z]+Role)/.exec(n)?.[1] ?? n).join(', ')}`);
      }
      const auditors = resourcesOfType(ev, 'AWS::IAM::Role').filter((r) => r.id.includes('AuditorRole'));
      if (auditors.length !== 1) fail(`expected one auditor role, found ${auditors.length}`);
      if (!json(auditors[0]?.props.AssumeRolePolicyDocument).includes('aws:MultiFactorAuthPresent'))
        fail('assuming the auditor role does not require MFA');
      note('auditor requires MFA');
    },
  },
  {
    id: 'C8',
    title: 'Security audit of recordings',
    check(ev, fail, note) {
      const trails = resourcesOfType(ev, 'AWS::CloudTrail::Trail');
      const vault = resourcesOfType(ev, 'AWS::S3::Bucket').find((b) => b.props.ObjectLockEnabled);
      const good = trails.filter(
        (t) =>
          t.props.EnableLogFileValidation === true &&
          t.props.KMSKeyId &&
          vault &&
          json(t.props.EventSelectors ?? t.props.AdvancedEventSelectors).includes(vault.id),
      );
      if (good.length === 0) fail('no validated, encrypted trail records data events on the vault');
      note(`${good.length} trail(s) with log-file validation, KMS and vault data events`);
    },
  },
  {
    id: 'C9',
    title: 'Incident response: security events alert; runbook',
    check(ev, fail, note) {
      const patterns = resourcesOfType(ev, 'AWS::Events::Rule').filter(
        (r) => (r.props.Targets ?? []).length > 0,
      );
      const has = (...words: string[]) =>
        patterns.some((r) => words.every((w) => json(r.props.EventPattern).includes(w)));
      if (!has('DisableKey', 'ScheduleKeyDeletion')) fail('no alert on key disablement or deletion');
      if (!has('PutBucketPolicy', 'DeleteBucketPolicy', 'PutObjectLockConfiguration'))
        fail('no alert on vault policy or lock changes');
      if (!has('GetObject', 'anything-but')) fail('no alert on recording reads by unexpected principals');
      if (ev.runbook === undefined) fail('docs/RUNBOOK.md is missing');
      else
        for (const step of ['## Incident response', '### Contain', '### Assess', '### Notify'])
          if (!ev.runbook.includes(step)) fail(`the runbook has no "${step}" section`);
      note(
        'EventBridge rules: key disable/deletion, vault policy/lock change, unexpected recording read → alert topic',
      );
      note('docs/RUNBOOK.md: incident response (contain, assess, notify)');
    },
  },
  {
    id: 'C10',
    title: 'Masking: every transcript redacted',
    check(ev, fail, note) {
      for (const locale of ev.config.locales) {
        for (const type of RECALL_TYPES) {
          const s = ev.redaction.find((r) => r.locale === locale && r.type === type);
          if (!s || s.spans === 0) fail(`no labelled ${type} spans for ${locale}`);
          else if (s.recall < RECALL_FLOOR)
            fail(`${locale} ${type} recall ${(s.recall * 100).toFixed(1)} % < ${RECALL_FLOOR * 100} %`);
          else note(`${locale} ${type}: recall ${(s.recall * 100).toFixed(1)} % over ${s.spans} spans`);
        }
      }
    },
  },
  {
    id: 'C11',
    title: 'Sensitive data never recorded',
    check(ev, fail, note) {
      const payment = ev.flows.filter((f) => f.property === 'payment');
      if (payment.length === 0) fail('no payment proof was run');
      for (const f of payment) {
        if (!f.holds) fail(`${f.flow} [${f.variant}]: ${f.violations.join('; ')}`);
        note(
          f.cardInputs === 0
            ? `${f.flow} [${f.variant}]: collects no card input (holds trivially)`
            : `${f.flow} [${f.variant}]: ${f.cardInputs} card inputs, each while recording is confirmed suspended and resumed on every branch`,
        );
      }
    },
  },
  {
    id: 'C12',
    title: 'Data-subject rights: access, copy, deletion',
    check(ev, fail, note) {
      for (const l of ev.dsar.leftovers) fail(`after erasure, still held outside the evidence: ${l}`);
      if (ev.dsar.auditRecords < 2) fail('export and erase did not both write an audit record');
      note(
        `erase on a seeded fixture: ${ev.dsar.leftovers.length} personal values left outside the consent evidence; ${ev.dsar.consentsRetained} consent entries kept as evidence; ${ev.dsar.recordingsStorageOnly} locked recording(s) listed as storage-only; ${ev.dsar.auditRecords} audit records`,
      );
    },
  },
  {
    id: 'C14',
    title: 'Withdrawal of consent, during and after the call',
    check(ev, fail, note) {
      for (const property of ['withdrawal', 'consent-once', 'prompt-keys'] as const) {
        const proofs = ev.flows.filter((f) => f.property === property);
        if (proofs.length === 0) fail(`no ${property} proof was run`);
        for (const f of proofs)
          if (!f.holds) fail(`${f.flow} [${f.variant}] ${property}: ${f.violations.join('; ')}`);
      }
      note(
        'flows: a withdrawal the bot asks for is recorded, the recording stopped and disabled and the caller told before the bot; consent is asked once; every consent prompt offers 1 to allow and 2 to decline',
      );
      const ledger = resourcesOfType(ev, 'AWS::DynamoDB::Table').find((t) => /ConsentLedger/.test(t.id));
      if (
        json(ledger?.props.KeySchema) !==
        json([
          { AttributeName: 'contactId', KeyType: 'HASH' },
          { AttributeName: 'event', KeyType: 'RANGE' },
        ])
      )
        fail('the consent ledger is not an event log keyed by contact and event');
      const stop = resourcesOfType(ev, 'AWS::IAM::Policy').some((p) =>
        json(p.props.PolicyDocument).includes('connect:StopContactRecording'),
      );
      if (!stop) fail('no function may stop a contact recording (StopContactRecording)');
      for (const l of ev.dsar.withdrawalLeftovers) fail(`after a staff withdrawal, still held: ${l}`);
      if (json(ev.dsar.withdrawnLedgerEvents) !== json(['DECISION', 'WITHDRAWN']))
        fail(
          `the withdrawn contact's ledger holds ${ev.dsar.withdrawnLedgerEvents.join(', ') || 'nothing'}, not DECISION and WITHDRAWN`,
        );
      note(
        `ledger: DECISION then WITHDRAWN per contact; recording-control may StopContactRecording; staff withdrawal on a seeded fixture left ${ev.dsar.withdrawalLeftovers.length} words or transcripts behind`,
      );
    },
  },
  {
    id: 'C15',
    title: 'Declined means not kept',
    check(ev, fail, note) {
      const aliases = resourcesOfType(ev, 'AWS::Lex::BotAlias');
      if (aliases.length === 0) fail('no Lex bot alias in the templates');
      for (const a of aliases)
        if (a.props.ConversationLogSettings !== undefined) fail(`${a.id} keeps Lex conversation logs`);
      const rules = resourcesOfType(ev, 'AWS::Events::Rule').filter((r) => {
        const p = json(r.props.EventPattern);
        return p.includes('aws.connect') && p.includes('DISCONNECTED') && (r.props.Targets ?? []).length > 0;
      });
      if (rules.length === 0) fail('no rule starts the after-call work on a contact disconnect');
      const deletes = resourcesOfType(ev, 'AWS::IAM::Policy').some((p) =>
        json(p.props.PolicyDocument).includes('lex:DeleteUtterances'),
      );
      if (!deletes) fail('no function may delete Lex utterances (lex:DeleteUtterances)');
      const turns = resourcesOfType(ev, 'AWS::DynamoDB::Table').find((t) => /TurnsTable/.test(t.id));
      if (!turns?.props.TimeToLiveSpecification?.Enabled) fail('the turns table expires nothing (no TTL)');
      note(
        `${aliases.length} bot alias(es) without conversation logs; after-call rule on DISCONNECTED → queue → lex:DeleteUtterances for every non-granted contact; turn records with TTL, words only for granted callers (simulator test scans every local store after declined calls)`,
      );
    },
  },
  {
    id: 'C16',
    title: 'Records of processing: a data inventory of every store',
    check(ev, fail, note) {
      const gaps = inventoryGaps(ev.inventory, ev.templates);
      for (const g of gaps) fail(g);
      note(
        `${ev.inventory.length} inventory entries cover every bucket, table, log group, queue, topic, stream, bot and instance of the templates, each with export, erasure and withdrawal handling or a stated exemption`,
      );
    },
  },
];

/**
 * Runs every control check (C1-C12, C14-C16) over the evidence. C13 (periodic evaluation) is the report
 * itself and is judged by {@link evaluateReportControl} once the document exists.
 */
export function evaluateControls(ev: Evidence): ControlResult[] {
  return CONTROLS.map((c) => {
    const failures: string[] = [];
    const evidence: string[] = [];
    try {
      c.check(
        ev,
        (m) => failures.push(m),
        (m) => evidence.push(m),
      );
    } catch (error) {
      failures.push(`the check itself failed: ${(error as Error).message}`);
    }
    return { id: c.id, title: c.title, passed: failures.length === 0, evidence, failures };
  });
}

/** C13: the report was generated with every section and every control evaluated. */
export function evaluateReportControl(markdown: string, results: readonly ControlResult[]): ControlResult {
  const failures: string[] = [];
  for (const section of [
    '## Effective configuration',
    '## cdk-nag',
    '## Flow proofs',
    '## Encryption and access',
    '## Data inventory',
    '## Redaction',
    '## Controls',
  ]) {
    if (!markdown.includes(section)) failures.push(`the report has no "${section}" section`);
  }
  for (const r of results)
    if (!markdown.includes(`${r.id} `)) failures.push(`control ${r.id} is not in the report`);
  return {
    id: 'C13',
    title: 'Periodic evaluation: this report, generated by CI',
    passed: failures.length === 0,
    evidence: [
      `${results.length} controls evaluated from synthesized templates, flow proofs, redaction scores and a DSAR run`,
    ],
    failures,
  };
}
