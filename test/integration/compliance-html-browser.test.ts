import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Block, toHtml } from '../../tools/compliance';
import { launchChromium, openPage, scrollWidth } from './headless-chromium';

/**
 * The compliance report's HTML in headless Chromium: its widest tables (acknowledgments with
 * construct paths, the nine-column data inventory) must fit a 1280 px window.
 */

/** The longest tokens of a real report: a rule with its resource and a construct path. */
const RULE =
  'IAM5[Resource::PhoneRobot-dev-Data:ExportsOutputFnGetAttAuditTrailBucketA91FD435ArnD9874FAE/AWSLogs/<AWS::AccountId>/CloudTrail/*]';
const PATH =
  'PhoneRobot-dev-Analytics/AfterCall/Function/Function/SqsEventSource:PhoneRobotdevAnalyticsAfterCallQueueECF7AC41/Resource';
const BLOCKS: Block[] = [
  { kind: 'heading', level: 1, text: 'phone-robot compliance report' },
  {
    kind: 'table',
    head: ['rule', 'resource', 'reason'],
    rows: Array.from({ length: 5 }, (_, i) => [
      RULE,
      `\`${PATH}${i}\``,
      'bucket.grantRead on the staging bucket: Transcribe reads each staged recording it transcribes; the bucket policy denies every principal but the pipeline roles.',
    ]),
  },
  {
    kind: 'table',
    head: ['store', 'holds', 'whose', 'key', 'retention', 'readers', 'export', 'erase', 'withdrawal'],
    rows: [
      Array.from({ length: 9 }, (_, i) =>
        i === 3
          ? '`connect/…/<contactId>_<time>.wav`'
          : 'listed with location and the date its lock ends (the audio itself through the auditor)',
      ),
    ],
  },
  { kind: 'list', items: [`sha256 \`${'a0c93dfc8a529ff'.repeat(6)}\``] },
];

let browser: Browser;
let file: string;
beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'phone-robot-compliance-html-')), 'compliance-report.html');
  writeFileSync(file, toHtml(BLOCKS, 'phone-robot compliance report'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('compliance report HTML in headless Chromium', () => {
  it('fits 1280 px with its widest tables and longest paths, without errors', async () => {
    const { page, log } = await openPage(browser, pathToFileURL(file).href, 1280);
    expect(log.errors).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
    const widest = await page.evaluate(() =>
      Math.max(...[...(globalThis as any).document.querySelectorAll('table')].map((t: any) => t.scrollWidth)),
    );
    expect(widest).toBeLessThanOrEqual(1280);
    // A copied path is the path: the break opportunities are <wbr> elements, not characters.
    const copied = await page.evaluate(
      () => (globalThis as any).document.querySelector('td code').textContent,
    );
    expect(copied).toBe(`${PATH}0`);
  });
});
