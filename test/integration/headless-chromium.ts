import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * The system Chromium (Debian's `chromium` package), driven by puppeteer-core: the full
 * `puppeteer` package downloads its own browser, which an offline machine cannot. The tests that
 * use it are not skipped when it is missing: CI installs it (.ci/run), and a missing browser is a
 * setup error that must be seen.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts headless Chromium, or fails naming the fix. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `headless Chromium not found at ${CHROMIUM}; fix: apt-get install -y chromium fonts-noto-cjk (as .ci/run does), or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespace for the sandbox; the pages are our own files.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** What a page did while it loaded. */
export interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens `url` at `width` px and records console errors, page errors, failed and made requests. */
export async function openPage(
  browser: Browser,
  url: string,
  width = 1280,
): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') log.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => log.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => log.requests.push(r.url()));
  await page.setViewport({ width, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/** The page's layout width (more than the viewport means a horizontal scroll bar). */
export function scrollWidth(page: Page): Promise<number> {
  // The callback runs in the page; the project compiles without the DOM types.
  return page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
}
