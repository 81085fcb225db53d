// Browser benchmark: opens BASE_URL (the built bench/index.html) in headless Chromium, waits for
// src/bin/wasm-bench.rs to write its JSON figure into #result, and prints that line.
// Also prints the gzip transfer size of the built site ($SITE_DIST, default dist/: wasm + js + css).
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('BASE_URL is not set: run scripts/bench-browser.sh (make bench-browser)');
  process.exit(2);
}

const SITE = process.env.SITE_DIST || 'dist';
if (existsSync(SITE)) {
  const sizes = { wasm: 0, js: 0, css: 0, html: 0 };
  for (const f of readdirSync(SITE)) {
    const ext = f.split('.').pop();
    if (ext in sizes) sizes[ext] += gzipSync(readFileSync(join(SITE, f)), { level: 9 }).length;
  }
  const total = sizes.wasm + sizes.js + sizes.css;
  console.log(JSON.stringify({ figure: 'site_transfer_gzip_bytes', value: total, ...sizes }));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(BASE_URL);
  await page.waitForFunction(() => document.getElementById('result')?.textContent.trim().length > 0,
    null, { timeout: 300_000, polling: 250 });
  const text = (await page.textContent('#result')).trim();
  const figure = JSON.parse(text);
  figure.browser = browser.version();
  console.log(JSON.stringify(figure));
  if (errors.length) {
    console.error(errors.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
