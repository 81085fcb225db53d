// usage: node shot.mjs URL OUT WIDTH HEIGHT [scheme] [clicks...]
import { chromium } from 'playwright-core';
const [url, out, w, h, scheme = 'light', ...clicks] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', chromiumSandbox: false,
  args: ['--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const ctx = await b.newContext({ viewport: { width: +w, height: +h }, colorScheme: scheme });
const p = await ctx.newPage();
const errs = [];
p.on('console', m => { if (m.type() === 'error') errs.push(m.text()); });
p.on('pageerror', e => errs.push(e.message));
await p.goto(url, { waitUntil: 'load' });
await p.waitForTimeout(2500);
for (const c of clicks) { if (c.startsWith('wait:')) { await p.waitForTimeout(+c.slice(5)); continue; } await p.getByTestId(c).first().click(); await p.waitForTimeout(800); }
await p.screenshot({ path: out });
const dims = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
console.log(out, 'scroll', dims, 'errors', errs);
await b.close();
