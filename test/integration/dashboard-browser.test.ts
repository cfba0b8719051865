import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { runDashboard } from '../../local/dashboard/cli';
import { writeSampleLake } from '../unit/dashboard/sample-lake';
import { launchChromium, openPage, type PageLog, scrollWidth } from './headless-chromium';

/**
 * The dashboard as a person sees it: written over a sample lake (both locales, USD and CNY
 * orders, Chinese utterances) and the CloudTrail fixture, then opened from the file in headless
 * Chromium at 1280 px.
 */

const CLOUDTRAIL = new URL('../fixtures/cloudtrail/', import.meta.url).pathname;

/** What the page reports about each chart, measured by the browser. */
interface ChartFacts {
  readonly query: string;
  readonly width: number;
  readonly height: number;
  readonly marks: number;
  /** Rect marks (bars) drawn. */
  readonly bars: number;
  /** Texts that reach outside their SVG (clipped). */
  readonly clipped: string[];
}

let browser: Browser;
let page: Page;
let log: PageLog;
let file: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phone-robot-dashboard-'));
  const lake = writeSampleLake(dir);
  // A written compliance report to link (its content is the report's own summary format).
  const compliance = join(dir, 'compliance');
  mkdirSync(compliance);
  writeFileSync(
    join(compliance, 'compliance-report.md'),
    '# phone-robot compliance report\n\nGenerated 2026-11-03T10:00:00.000Z for stage **dev**.\n\n## Summary\n\nAll 16 controls pass.\n',
  );
  writeFileSync(join(compliance, 'compliance-report.html'), '<!doctype html><title>report</title>');
  file = join(dir, 'dashboard', 'index.html');
  const code = await runDashboard(
    { lake, cloudtrail: CLOUDTRAIL, compliance, out: file },
    parseConfig({}),
    () => {},
    () => {},
  );
  expect(code).toBe(0);
  browser = await launchChromium();
  ({ page, log } = await openPage(browser, pathToFileURL(file).href, 1280));
});

afterAll(async () => {
  await browser?.close();
});

/** Measures every chart in the page. */
function charts(): Promise<ChartFacts[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    return [...doc.querySelectorAll('figure.chart')].map((figure: any) => {
      const svg = figure.querySelector('svg');
      const box = svg?.getBoundingClientRect() ?? {
        width: 0,
        height: 0,
        left: 0,
        right: 0,
        top: 0,
        bottom: 0,
      };
      const clipped = [...(svg?.querySelectorAll('text') ?? [])]
        .filter((t: any) => {
          const r = t.getBoundingClientRect();
          return (
            r.width > 0 &&
            (r.left < box.left - 1 ||
              r.right > box.right + 1 ||
              r.top < box.top - 1 ||
              r.bottom > box.bottom + 1)
          );
        })
        .map((t: any) => t.textContent);
      return {
        query: figure.dataset.query,
        width: box.width,
        height: box.height,
        marks: svg ? svg.querySelectorAll('.role-mark').length : 0,
        bars: svg ? svg.querySelectorAll('.mark-rect path').length : 0,
        clipped,
      };
    });
  });
}

describe('dashboard in headless Chromium', () => {
  it('loads from the file with no console error and no request beyond the page itself', () => {
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(file).href]);
  });

  it('renders every chart: an SVG of non-zero size with marks, bars where there are rows', async () => {
    // Act
    const facts = await charts();
    // Assess
    expect(facts.map((f) => f.query)).toEqual([
      'consent-rate-by-day',
      'containment',
      'calls-per-hour',
      'call-duration',
      'intent-distribution',
      'missed-utterances',
      'orders-revenue-by-product-day',
      'orders-revenue-by-product-day',
      'recording-access-audit',
    ]);
    for (const f of facts) {
      expect(f.width, f.query).toBeGreaterThan(100);
      expect(f.height, f.query).toBeGreaterThan(50);
      expect(f.marks, f.query).toBeGreaterThan(0);
      expect(f.bars, f.query).toBeGreaterThan(0);
    }
  });

  it('fits 1280 px without a horizontal scroll bar, and no chart text is cut off', async () => {
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
    for (const f of await charts()) expect(f.clipped, f.query).toEqual([]);
  });

  it('draws hours as 00–23, rates on a 0–100 % axis and each currency on its own axis', async () => {
    const texts = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const of = (query: string) =>
        [...doc.querySelectorAll(`figure[data-query="${query}"] svg text`)].map(
          (t: any) => t.textContent as string,
        );
      return {
        hours: of('calls-per-hour'),
        consent: of('consent-rate-by-day'),
        revenue: [...doc.querySelectorAll('figure[data-query="orders-revenue-by-product-day"]')]
          .map((f: any) => [...f.querySelectorAll('svg text')].map((t: any) => t.textContent as string))
          .at(-1) as string[],
      };
    });
    expect(texts.hours).toEqual(expect.arrayContaining(['00', '07', '09', '23', 'hour of day (UTC)']));
    expect(texts.hours).not.toContain('7');
    expect(texts.consent).toEqual(expect.arrayContaining(['0%', '100%', 'consent rate (%)']));
    expect(texts.revenue).toEqual(
      expect.arrayContaining(['in CNY', 'in USD', 'revenue (CNY)', 'revenue (USD)']),
    );
    expect(texts.revenue.filter((t) => /revenue \(/.test(t))).toHaveLength(2);
  });

  it('renders Chinese text with a CJK font, not boxes', async () => {
    // Prepare: mark the first chart text in Chinese so the DevTools protocol can find it
    const found = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const text = [...doc.querySelectorAll('figure svg text')].find((t: any) =>
        /[\u4e00-\u9fff]/.test(t.textContent),
      );
      text?.setAttribute('data-cjk-probe', '1');
      return text?.textContent ?? null;
    });
    expect(found).toMatch(/[\u4e00-\u9fff]/);
    const cdp = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '[data-cjk-probe]',
    });
    // Act
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    // Assess: every glyph came from a font with CJK coverage (a missing font falls back to boxes)
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.familyName).toMatch(/CJK|Han|Hei|Ming|Song|Kai|Gothic|Noto Sans SC/i);
  });

  it('shows the data inventory and links the compliance report, and says there is no survey data yet', async () => {
    const page2 = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      return {
        inventoryRows: doc.querySelectorAll('#compliance table.inventory tbody tr').length,
        link: doc.querySelector('#compliance a')?.getAttribute('href'),
        csat: doc.querySelector('#csat')?.textContent,
      };
    });
    expect(page2.inventoryRows).toBeGreaterThan(10);
    expect(page2.link).toBe('../compliance/compliance-report.html');
    expect(page2.csat).toContain('No survey data yet');
  });
});
