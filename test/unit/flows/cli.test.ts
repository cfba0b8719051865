import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config';
import { PLACEHOLDER_ARNS } from '../../../lib/flows';
import { action, configFor, inbound, type MutableFlow, mutable } from './helpers';

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
      /✓ inbound \[locales zh-CN,en-US\]: \d+ actions, \d+ characters, \d+ paths, 6 card inputs; consent \(asked once, keys as offered\), decline, withdrawal, card-input and survey recording properties hold/,
    );
    expect(run.stdout).toMatch(/✓ inbound \[locales en-US\]/);
    expect(run.stdout).toMatch(/✓ inbound \[locales zh-CN\]/);
    expect(run.stdout).toMatch(/✓ inbound \[locales zh-CN,en-US, pay later\]: .* 0 card inputs/);
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

/** Writes a mutated copy of the default two-locale flow and returns its path. */
function mutatedFile(name: string, mutate: (flow: MutableFlow) => void, config = configFor()): string {
  const flow = mutable(inbound(config));
  mutate(flow);
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow));
  return file;
}

describe('flows:check on files (review mutations)', () => {
  it('fails a notice whose text says nothing required, naming the missing content and the path', () => {
    // Prepare
    const file = mutatedFile('notice', (f) => {
      action(f, 'notice-en-US').Parameters.Text = 'Welcome.';
    });
    // Act
    const run = tsx('bin/flows-check.ts', ['--', file]);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '[notice-content] notice-en-US (MessageParticipant) plays a notice that matches no rendered notice of the config and lacks purpose, retention days, rights channel (en-US rules; retention must read 365 days)',
    );
    expect(run.stderr).toMatch(/path: logging-on .* -\[next\]-> notice-en-US\n/);
    expect(run.stderr).toContain('enables recording before the recording notice was played');
  });

  it('checks the retention days of a file against --config, failing without it', () => {
    // Prepare
    const context = join(work, 'context.json');
    writeFileSync(context, JSON.stringify({ retentionDays: 730 }));
    const file = mutatedFile('retention', () => {}, parseConfig({ retentionDays: 730 }));
    // Act
    const withConfig = tsx('bin/flows-check.ts', ['--config', context, file]);
    const withDefault = tsx('bin/flows-check.ts', [file]);
    // Assess
    expect(withConfig.stderr).toBe('');
    expect(withConfig.status).toBe(0);
    expect(withDefault.status).toBe(1);
    expect(withDefault.stderr).toContain('lacks retention days (en-US rules; retention must read 365 days)');
    expect(withDefault.stderr).toContain('lacks retention days (zh-CN rules; retention must read 365 days)');
  });

  it('fails a file whose consent invocations all call another Lambda (placeholder ARNs expected)', () => {
    // Prepare
    const file = mutatedFile('always-granted', (f) => {
      for (const a of f.Actions) {
        if (a.Parameters.LambdaFunctionARN === PLACEHOLDER_ARNS.consentFunctionArn) {
          a.Parameters.LambdaFunctionARN = 'arn:aws:lambda:us-east-1:111122223333:function:always-granted';
        }
      }
    });
    // Act
    const run = tsx('bin/flows-check.ts', [file]);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /\[lambda-role\] consent-invoke-zh-CN \(InvokeLambdaFunction\) sends a consentDigit \(or action withdraw\) to .*always-granted, which is not the consent Lambda/,
    );
    expect(run.stderr).toMatch(/\[consent-before-recording\] recording-on-zh-CN .*\n +path: logging-on /);
  });

  it('fails a file that collects card digits without encrypted input, printing the path to the payment Lambda', () => {
    // Prepare
    const file = mutatedFile('plain-card', (f) => {
      for (const id of ['pay-card-en-US', 'pay-expiry-en-US'])
        delete action(f, id).Parameters.InputEncryption;
    });
    // Act
    const run = tsx('bin/flows-check.ts', [file]);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('6 card inputs');
    expect(run.stderr).toMatch(
      /\[card-input-encryption\] pay-card-en-US .*\n +path: logging-on .*pay-card-en-US -\[next\]-> pay-card-keep-en-US -\[next\]-> .*pay-invoke-en-US\n/,
    );
  });
});

describe('flows:diagram', () => {
  it('writes an SVG per part and locale, a page with all of them and Mermaid text into --out', () => {
    // Prepare
    const out = join(work, 'diagrams');
    // Act
    const run = tsx('bin/flows-diagram.ts', ['--out', out]);
    // Assess
    expect(run.status).toBe(0);
    for (const part of ['consent', 'bot', 'callback', 'withdrawal', 'pay-later', 'payment']) {
      for (const locale of ['zh-CN', 'en-US']) {
        const svg = readFileSync(join(out, `inbound-${part}-${locale}.svg`), 'utf8');
        expect(svg, `${part}-${locale}`).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      }
    }
    expect(readFileSync(join(out, 'inbound-pay-later-en-US.svg'), 'utf8')).toContain(
      'data-id="pay-later-en-US"',
    );
    const page = readFileSync(join(out, 'inbound.html'), 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(12);
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(join(out, 'inbound.svg'))).toBe(false);
    expect(readFileSync(join(out, 'inbound.mmd'), 'utf8')).toMatch(/^flowchart TD/);
  });
});
