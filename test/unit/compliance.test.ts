import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import type { FlowDocument } from '../../lib/flows';
import {
  buildReport,
  collectEvidence,
  declineReachesBot,
  type Evidence,
  evaluateControls,
  evaluateReportControl,
  toHtml,
} from '../../tools/compliance';

// Handlers imported by the DSAR self-check log through Powertools: keep test output clean.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONTEXT = (
  JSON.parse(readFileSync(join(REPO, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

let evidence: Evidence;

beforeAll(async () => {
  evidence = await collectEvidence({ config: parseConfig({}), context: CONTEXT, repoRoot: REPO });
});

/** A deep copy of the real evidence with one thing broken. */
function broken(mutate: (ev: { -readonly [K in keyof Evidence]: any }) => void): Evidence {
  const copy = structuredClone(evidence) as { -readonly [K in keyof Evidence]: any };
  mutate(copy);
  return copy as Evidence;
}
const failing = (ev: Evidence) =>
  evaluateControls(ev)
    .filter((c) => !c.passed)
    .map((c) => c.id);
/** Controls that fail on `ev` but not on the real evidence: what the breakage alone causes. */
const failingIds = (ev: Evidence) => {
  const before = new Set(failing(evidence));
  return failing(ev).filter((id) => !before.has(id));
};
const vaultOf = (ev: { templates: any[] }) => {
  for (const t of ev.templates) {
    for (const r of Object.values(t.resources) as any[])
      if (r.Properties?.ObjectLockEnabled) return r.Properties;
  }
  throw new Error('no vault');
};

describe('compliance report (CI)', () => {
  it('is generated into a directory with no failing control', () => {
    // Act
    const report = buildReport(evidence);
    const out = mkdtempSync(join(tmpdir(), 'phone-robot-compliance-'));
    writeFileSync(join(out, 'compliance-report.md'), report.markdown);
    writeFileSync(join(out, 'compliance-report.html'), report.html);
    console.log(`compliance report written to ${out}`);
    // Assess
    const why = report.failing.flatMap((c) => c.failures.map((f) => `${c.id}: ${f}`));
    expect(why).toEqual([]);
    expect(report.controls.map((c) => c.id)).toEqual(Array.from({ length: 16 }, (_, i) => `C${i + 1}`));
    expect(existsSync(join(out, 'compliance-report.html'))).toBe(true);
    expect(report.markdown).toContain('All 16 controls pass.');
  });

  it('shows the configuration, nag acknowledgments with reasons, flow proofs, stores and recall', () => {
    const { markdown } = buildReport(evidence);
    expect(markdown).toContain(`| recording retention | 365 days, Object Lock GOVERNANCE |`);
    expect(markdown).toContain(evidence.notices['zh-CN'].sha256);
    expect(markdown).toMatch(/### AwsSolutions acknowledgments/);
    for (const a of evidence.nag.acknowledgments.slice(0, 5))
      expect(markdown).toContain(a.reason.split('|')[0] ?? '');
    expect(markdown).toMatch(
      /\| inbound \| locales zh-CN,en-US \| consent before recording \| holds on every path \|/,
    );
    expect(markdown).toMatch(/recording suspended for card input/);
    expect(markdown).toMatch(
      /S3 bucket `RecordingVaultBucket` .* \| aws:kms \(DataKeysRecordingsKey|RecordingsKey/,
    );
    expect(markdown).toMatch(/\| zh-CN \| ID_NUMBER \| \d+ \| 100\.0 % \|/);
  });

  it('escapes markup in the HTML rendering', () => {
    const html = toHtml([{ kind: 'paragraph', text: '<script>x</script> & `code`' }], 't');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; <code>code</code>');
  });
});

describe('controls fail on bad evidence (what the report would show)', () => {
  it('fails C5 when the vault lock differs from the configured retention', () => {
    const ev = broken((e) => {
      vaultOf(e).ObjectLockConfiguration.Rule.DefaultRetention.Days = 30;
    });
    expect(failingIds(ev)).toEqual(['C5']);
    const report = buildReport(ev);
    expect(report.markdown).toMatch(/\*\*\d+ of 16 controls fail: (C\d+, )*C5(, C\d+)*\.\*\*/);
    expect(report.markdown).toMatch(
      /\*\*FAIL\*\* vault lock is GOVERNANCE 30 days; config says GOVERNANCE 365 days/,
    );
  });

  it('fails C1 and C2 when a path records before consent', () => {
    const ev = broken((e) => {
      e.flows[0].holds = false;
      e.flows[0].violations = ['consent-before-recording: recording-on enables recording before the notice'];
    });
    expect(failingIds(ev)).toEqual(['C1', 'C2']);
  });

  it('fails C2 when declining leads away from the bot', () => {
    const ev = broken((e) => {
      e.flows[0].declineReachesBot = false;
    });
    expect(failingIds(ev)).toEqual(['C2']);
  });

  it('fails C3 when a role may update the consent ledger', () => {
    const ev = broken((e) => {
      const t = e.templates.find((x: any) => x.stack.endsWith('ContactCenter'));
      t.resources.RoguePolicy = {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: 'dynamodb:UpdateItem',
                Resource: { 'Fn::ImportValue': 'X:ConsentLedgerTableArn' },
              },
            ],
          },
        },
      };
    });
    expect(failingIds(ev)).toEqual(['C3']);
  });

  it('fails C4 on an unacknowledged cdk-nag finding or an unencrypted table', () => {
    const finding = broken((e) => {
      e.nag.findings = [
        { pack: 'AwsSolutions', rule: 'AwsSolutions-S10', path: 'X/Bucket', description: 'no TLS' },
      ];
    });
    expect(evaluateControls(finding).find((c) => c.id === 'C4')?.failures).toContain(
      '1 unacknowledged cdk-nag findings',
    );
    const clean = broken((e) => {
      e.nag.findings = [];
    });
    const table = broken((e) => {
      e.nag.findings = [];
      for (const t of e.templates)
        for (const r of Object.values(t.resources) as any[])
          if (r.Type === 'AWS::DynamoDB::Table') r.Properties.SSESpecification = { SSEEnabled: false };
    });
    expect(failing(clean)).not.toContain('C4');
    expect(failing(table)).toContain('C4');
  });

  it('fails C7 when a third principal may read recordings', () => {
    const ev = broken((e) => {
      for (const t of e.templates)
        for (const r of Object.values(t.resources) as any[]) {
          if (r.Type !== 'AWS::S3::BucketPolicy') continue;
          for (const s of r.Properties.PolicyDocument.Statement)
            if (s.Condition?.ArnNotEquals)
              s.Condition.ArnNotEquals['aws:PrincipalArn'].push('arn:aws:iam::1:role/x');
        }
    });
    expect(failingIds(ev)).toEqual(['C7']);
  });

  it('fails C9 without the runbook', () => {
    expect(
      failingIds(
        broken((e) => {
          e.runbook = undefined;
        }),
      ),
    ).toEqual(['C9']);
  });

  it('fails C10 when recall drops below 99 %', () => {
    const ev = broken((e) => {
      const s = e.redaction.find((r: any) => r.locale === 'zh-CN' && r.type === 'CARD');
      s.recall = 0.98;
    });
    expect(failingIds(ev)).toEqual(['C10']);
  });

  it('fails C11 when a card input can be recorded or no payment proof ran', () => {
    const violated = broken((e) => {
      const p = e.flows.find((f: any) => f.property === 'payment');
      p.holds = false;
      p.violations = ['recording-suspended-for-card-input: pay-card collects card input before suspension'];
    });
    expect(failingIds(violated)).toEqual(['C11']);
    expect(
      failingIds(
        broken((e) => {
          e.flows = e.flows.filter((f: any) => f.property !== 'payment');
        }),
      ),
    ).toEqual(['C11']);
  });

  it('fails C12 when erasure leaves personal data behind', () => {
    expect(
      failingIds(
        broken((e) => {
          e.dsar.leftovers = ['the caller HMAC in orders'];
        }),
      ),
    ).toEqual(['C12']);
  });

  it('fails C13 when the document lacks a section', () => {
    const c13 = evaluateReportControl('# empty', evaluateControls(evidence));
    expect(c13.passed).toBe(false);
    expect(c13.failures).toContain('the report has no "## Flow proofs" section');
  });

  it('fails C16 when the templates gain a store the inventory does not describe', () => {
    const ev = broken((e) => {
      e.templates[0].resources.ShadowCopyBucket1234ABCD = { Type: 'AWS::S3::Bucket', Properties: {} };
    });
    const c16 = evaluateControls(ev).find((c) => c.id === 'C16');
    expect(c16?.failures.join('\n')).toMatch(
      /ShadowCopyBucket1234ABCD \(AWS::S3::Bucket\) is in no inventory entry/,
    );
  });

  it('fails C16 when a store has no DSAR handling or stated exemption', () => {
    const ev = broken((e) => {
      const turns = e.inventory.find((x: { store: string }) => x.store === 'Bot turns');
      turns.dsar.erase = { does: '' };
    });
    expect(evaluateControls(ev).find((c) => c.id === 'C16')?.failures).toEqual([
      'Bot turns: no erase handling or stated exemption',
    ]);
  });

  it('fails C15 when the bot alias keeps conversation logs', () => {
    const ev = broken((e) => {
      for (const t of e.templates)
        for (const r of Object.values(t.resources) as any[])
          if (r.Type === 'AWS::Lex::BotAlias') r.Properties.ConversationLogSettings = { TextLogSettings: [] };
    });
    expect(failingIds(ev)).toEqual(['C15']);
  });

  it('fails C14 when a withdrawal leaves words behind or the flow does not carry it out', () => {
    const leftover = broken((e) => {
      e.dsar.withdrawalLeftovers = ['what the caller said to the bot in turns'];
    });
    expect(failingIds(leftover)).toEqual(['C14']);
    const flow = broken((e) => {
      const proof = e.flows.find((f: { property: string }) => f.property === 'withdrawal');
      proof.holds = false;
      proof.violations = ['withdrawal-honoured: returns to the bot'];
    });
    expect(failingIds(flow)).toEqual(['C14']);
  });

  it('rejects a flow whose declined branch disconnects', () => {
    const flow: FlowDocument = {
      Version: '2019-10-30',
      StartAction: 'check',
      Actions: [
        {
          Identifier: 'check',
          Type: 'Compare',
          Parameters: { ComparisonValue: '$.External.consent' },
          Transitions: {
            NextAction: 'bye',
            Conditions: [{ NextAction: 'bot', Condition: { Operator: 'Equals', Operands: ['GRANTED'] } }],
          },
        },
        { Identifier: 'bot', Type: 'ConnectParticipantWithLexBot', Parameters: {}, Transitions: {} },
        { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    } as unknown as FlowDocument;
    expect(declineReachesBot(flow)).toBe(false);
  });
});
