import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFor, inbound } from './helpers';

const tsx = (script: string, args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });

const work = mkdtempSync(join(tmpdir(), 'flows-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('flows:check', () => {
  it('passes every flow rendered from the templates when given no path', () => {
    // Prepare / Act
    const run = tsx('bin/flows-check.ts', []);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /✓ inbound \[locales zh-CN,en-US\]: \d+ actions, \d+ characters, \d+ paths, 4 card inputs; consent and card-input recording properties hold/,
    );
    expect(run.stdout).toMatch(/✓ inbound \[locales en-US\]/);
  });

  it('passes a rendered flow file given by path', () => {
    // Prepare
    const file = join(work, 'inbound.json');
    writeFileSync(file, JSON.stringify(inbound(configFor('zh-CN'))));
    // Act
    const run = tsx('bin/flows-check.ts', ['--', file]);
    // Assess
    expect(run.status).toBe(0);
  });

  it('fails with exit code 1 and prints the breaking path for a flow that records before the notice', () => {
    // Prepare
    const file = 'test/fixtures/flows/recording-before-notice.json';
    // Act
    const run = tsx('bin/flows-check.ts', [file]);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '[consent-before-recording] early-recording (UpdateContactRecordingBehavior) enables recording before the recording notice was played',
    );
    expect(run.stderr).toContain('path: logging-on -[next]-> recording-off-start -[next]-> voice-en-US');
  });
});

describe('flows:diagram', () => {
  it('writes an SVG and Mermaid text per flow into --out', () => {
    // Prepare
    const out = join(work, 'diagrams');
    // Act
    const run = tsx('bin/flows-diagram.ts', ['--out', out]);
    // Assess
    expect(run.status).toBe(0);
    expect(existsSync(join(out, 'inbound.svg'))).toBe(true);
    expect(readFileSync(join(out, 'inbound.mmd'), 'utf8')).toMatch(/^flowchart TD/);
  });
});
