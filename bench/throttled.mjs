// Throttled time to interactive: a lesson page (LESSON_PATH, default
// ?lesson=hot-partition&step=1, a lesson whose views include the time controls, so the Play
// button exists) of the built site (BASE_URL, served by
// scripts/bench-browser.sh) loaded as on a slow phone, in headless Chromium:
//  - network: CDP Network.emulateNetworkConditions, download 1.6 Mbit/s (200,000 B/s), upload
//    750 kbit/s (93,750 B/s), 150 ms latency (DESIGN.md's budget: "interactive within 3 s at
//    1.6 Mbit/s, 150 ms round trip, CPU slowed 4x");
//  - CPU: CDP Emulation.setCPUThrottlingRate, rate 4;
//  - median of THROTTLED_RUNS (5) fresh loads, each in a new browser context with the HTTP cache
//    disabled (Network.setCacheDisabled), so nothing is reused between loads.
// "Interactive" is the signal bench/frames.mjs uses: performance.now() (ms since navigation
// start) when [data-testid=time-play] first exists, recorded by a MutationObserver installed
// before the page's own scripts. The lesson article ([data-testid=lesson]) is timed beside it,
// with the wasm download end and first contentful paint.
// Prints a summary line and a JSON figure line; the record goes to OUT (bench-results/throttled.json).
import { chromium } from 'playwright-core';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';

const env = (name, fallback) => (process.env[name] === undefined ? fallback : process.env[name]);
const BASE_URL = env('BASE_URL');
if (!BASE_URL) {
  console.error('BASE_URL is not set: run scripts/bench-browser.sh throttled (make bench-browser)');
  process.exit(2);
}
const LESSON_PATH = env('LESSON_PATH', '?lesson=hot-partition&step=1');
const RUNS = Math.max(1, Number(env('THROTTLED_RUNS', 5)));
const OUT = env('OUT', 'bench-results/throttled.json');
const CHROMIUM = env('CHROMIUM_PATH', '/usr/bin/chromium');
const NETWORK = {
  offline: false,
  downloadThroughput: 200_000, // bytes per second: 1.6 Mbit/s
  uploadThroughput: 93_750, // 750 kbit/s
  latency: 150, // ms added to each request's round trip
};
const CPU_RATE = 4;
const LOAD_TIMEOUT_MS = 120_000;

const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function pageInit() {
  const B = (window.__bench = { tti: null, lesson: null });
  const seen = () => {
    if (B.lesson === null && document.querySelector('[data-testid=lesson]')) B.lesson = performance.now();
    if (B.tti === null && document.querySelector('[data-testid=time-play]')) B.tti = performance.now();
    if (B.tti !== null && B.lesson !== null) mo.disconnect();
  };
  const mo = new MutationObserver(seen);
  mo.observe(document, { childList: true, subtree: true });
}

const url = new URL(LESSON_PATH, BASE_URL).href;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
const samples = [];
const load_average_start = loadavg().map((x) => round(x, 2));
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    try {
      await context.addInitScript({ content: `(${pageInit})();` });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
      await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      await page.waitForFunction(() => window.__bench.tti !== null && window.__bench.lesson !== null, null,
        { timeout: LOAD_TIMEOUT_MS, polling: 50 })
        .catch(() => { throw new Error(`${url} did not show [data-testid=time-play] and [data-testid=lesson] within ${LOAD_TIMEOUT_MS / 1000} s`); });
      const s = await page.evaluate(() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const res = performance.getEntriesByType('resource');
        const wasm = res.find((r) => r.name.endsWith('.wasm'));
        return {
          tti_ms: window.__bench.tti,
          lesson_ms: window.__bench.lesson,
          wasm_fetched_ms: wasm ? wasm.responseEnd : null,
          first_contentful_paint_ms: fcp ? fcp.startTime : null,
          transferred_bytes: res.reduce((a, r) => a + (r.transferSize || 0), 0)
            + (performance.getEntriesByType('navigation')[0]?.transferSize || 0),
        };
      });
      samples.push(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)])));
      console.error(`throttled: load ${i + 1}/${RUNS}: interactive at ${round(s.tti_ms)} ms`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}

const pick = (k) => samples.map((s) => s[k]);
const result = {
  date: new Date().toISOString(),
  url,
  browser: browser.version(),
  network: NETWORK,
  cpu_throttling_rate: CPU_RATE,
  runs: RUNS,
  median_tti_ms: round(median(pick('tti_ms'))),
  min_tti_ms: round(Math.min(...pick('tti_ms'))),
  max_tti_ms: round(Math.max(...pick('tti_ms'))),
  median_lesson_ms: round(median(pick('lesson_ms'))),
  median_wasm_fetched_ms: round(median(pick('wasm_fetched_ms'))),
  median_first_contentful_paint_ms: round(median(pick('first_contentful_paint_ms'))),
  median_transferred_bytes: median(pick('transferred_bytes')),
  load_average_start,
  load_average_end: loadavg().map((x) => round(x, 2)),
  samples,
  problems,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
console.log(`throttled time to interactive (${url}; 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, CPU 4x slower), median of ${RUNS} fresh loads: ${result.median_tti_ms} ms (${result.min_tti_ms}–${result.max_tti_ms}); lesson shown ${result.median_lesson_ms} ms, wasm fetched ${result.median_wasm_fetched_ms} ms, FCP ${result.median_first_contentful_paint_ms} ms, ${result.median_transferred_bytes} B transferred`);
console.log(JSON.stringify({ figure: 'throttled_tti', tti_ms: result.median_tti_ms, wasm_fetched_ms: result.median_wasm_fetched_ms, transferred_bytes: result.median_transferred_bytes, budget_ms: 3000, details: OUT }));
if (problems.length) {
  console.error(`throttled: the page reported problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
