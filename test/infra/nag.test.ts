import { describe, expect, it } from 'vitest';
import { synth } from '../support/synth';

describe.each(['dev', 'prod'])('cdk-nag packs (%s)', (stage) => {
  const s = synth({ stage });

  it('leaves no unacknowledged finding in AwsSolutions, HIPAA, NIST 800-53 R5, PCI DSS 3.2.1, Serverless', () => {
    const shown = s.findings.map((f) => `${f.rule} at ${f.path}: ${f.description}`);
    expect(shown).toEqual([]);
  });

  it('gives every acknowledgment a specific reason on a single resource, never a stack', () => {
    expect(s.acknowledgments.length).toBeGreaterThan(0);
    for (const a of s.acknowledgments) {
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(40);
      expect(a.path.split('/').length, `${a.id} at ${a.path}`).toBeGreaterThan(2);
    }
  });
});
