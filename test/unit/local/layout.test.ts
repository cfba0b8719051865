import { describe, expect, it } from 'vitest';
import {
  ctrRecordSchema,
  PART_FILE_PATTERN,
  partFileName,
  partitionPath,
} from '../../../lambdas/contracts/lake';

describe('lake layout', () => {
  it('partitions rows by the UTC date of their event time', () => {
    const row = {
      eventName: 'INSERT' as const,
      eventTimestamp: '2026-12-01T00:00:01.000+08:00',
      contactId: 'c',
      event: 'DECISION' as const,
      decision: 'GRANTED' as const,
      noticeVersion: '2026-11-01',
      noticeSha256: 'a'.repeat(64),
      locale: 'en-US' as const,
      callerHmac: null,
      decidedAt: '2026-12-01T00:00:01.000+08:00',
      withdrawnAt: null,
      withdrawnVia: null,
      channel: null,
    };
    expect(partitionPath('consents', row)).toBe('consents/dt=2026-11-30');
    expect(`consents/dt=2026-11-30/${partFileName('run1')}`).toMatch(PART_FILE_PATTERN);
  });

  it('rejects a CTR carrying the caller number', () => {
    const parsed = ctrRecordSchema.safeParse({
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+15550123' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path.join('.') === 'CustomerEndpoint')).toBe(true);
  });
});
