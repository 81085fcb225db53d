// Shared by the end-to-end tests: one headless Chromium per test file (system Chromium through
// playwright-core), and fresh pages that record console errors, page errors and failed requests.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL;
export const SHOTS = 'test-results';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Registers the browser's start and stop for the calling test file; returns `openPage`. */
export function useBrowser() {
  let browser;
  before(async () => {
    assert.ok(BASE_URL, 'BASE_URL is not set: run the tests through scripts/e2e.sh (make e2e)');
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      chromiumSandbox: false,
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
  });
  /** A fresh page on the site, once the cluster map is shown. */
  return async function openPage(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await page.getByTestId('cluster-map').waitFor();
    return { context, page, problems };
  };
}

/** Shows a tab of the dock under the map (console, produce, topics, records, groups, brokers,
 *  lag, timeline), as a learner clicks it; a no-op when it is already shown. */
export async function openTab(page, name) {
  const tab = page.getByTestId(`tab-${name}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}
