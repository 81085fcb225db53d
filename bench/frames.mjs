// Page benchmark: the built site (BASE_URL, served by scripts/bench-browser.sh) in headless
// Chromium. Prints a readable summary and a JSON figure line; the full record (per-sample
// figures, long frames, profile) goes to bench-results/frames.json.
//
// What is measured, and how:
//
// 1. Time to interactive (median of TTI_RUNS fresh contexts, no HTTP cache): an init script
//    runs a MutationObserver from the first byte; its callback records performance.now()
//    (milliseconds since navigation start) when [data-testid=time-play] first exists. The mount
//    is one synchronous wasm call, so the callback runs right after the page's DOM is built.
//    Wasm instantiation time (wrapped WebAssembly.instantiate*) and first contentful paint are
//    reported beside it.
//
// 2. Heavy sandbox frame work at 1x (FRAMES_SECONDS of real time, after WARMUP_SECONDS):
//    window.requestAnimationFrame is wrapped. Each callback is timed from its start (t0) until
//    (a) it returned, (b) the microtasks it queued ran: window.queueMicrotask is wrapped to
//    count others' outstanding microtasks (wasm-bindgen-futures, so Leptos effects, schedule
//    through it; tasks queued while running run on a later microtask), and our own microtask
//    chain keeps re-queueing itself until none is outstanding (at least 3 levels), then
//    (c) `document.body.offsetHeight` forces style and layout (t1). The callbacks of one frame
//    (same rAF timestamp) are summed into that frame's work. A frame is a world update when the
//    simulated time shown in [data-testid=time-now] changed. Paint and compositing after the
//    frame are not in this figure; the cross-check is Chrome's 'long-animation-frame'
//    PerformanceObserver (frames >= 50 ms, including rendering), summarised beside it.
//    Then, unwrapped timing aside, a MutationObserver counts what CHURN_UPDATES world updates do
//    to the DOM (elements added and removed, attributes and texts changed), grouped by the
//    nearest data-testid: which view rebuilds.
//
// 3. Heap over a simulated soak: heavy sandbox at SOAK_SPEED (16x) for SOAK_SECONDS of real time
//    (40 s, about 10 simulated minutes); every SAMPLE_SECONDS: performance.memory.usedJSHeapSize
//    (--enable-precise-memory-info), the same after a forced major GC (CDP
//    HeapProfiler.collectGarbage), and the wasm linear memory (instance.exports.memory captured
//    by the wrapped WebAssembly.instantiate*; it never shrinks, so it is the Rust heap's high
//    mark). Growth over the second half = last sample vs the sample at half time; flat when
//    <= FLAT_PCT %. The records written (the map rows' log-end offsets) are sampled too: the heavy sandbox fills
//    the playground's 2,000,000-record storage after about 3.5 simulated minutes and its load
//    then pauses, so a second soak (SOAK_RETENTION_MS, default 60000, 0 skips) first sets
//    retention.ms on the topic through the page's console, as the native heap budget does, and
//    keeps producing throughout.
//
// 4. Where the frame time goes (PROFILE_SECONDS, 0 = skip), heavy sandbox at 1x, no wrappers, on
//    PROFILE_URL if set (bench/profile.html: the same build keeping wasm function names), else
//    BASE_URL: first a Chrome trace (TRACE_SECONDS) summarised as main-thread self time per
//    event (script, style, layout, paint) with layout sizes; then a CDP Profiler sampling
//    profile (PROFILE_SECONDS): top self-time and inclusive-time functions, wasm self time by
//    crate; the raw profile is written to PROFILE_FILE for DevTools.
//
// 5. Transfer size of SITE_DIST (the served site): wasm + js + css (+ html), gzip -9.
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';

const env = (name, fallback) => (process.env[name] === undefined ? fallback : process.env[name]);
const num = (name, fallback) => {
  const v = Number(env(name, fallback));
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};

const BASE_URL = env('BASE_URL');
if (!BASE_URL) {
  console.error('BASE_URL is not set: run scripts/bench-browser.sh (make bench-browser)');
  process.exit(2);
}
const PROFILE_URL = env('PROFILE_URL', '') || BASE_URL;
const SITE_DIST = env('SITE_DIST', 'dist');
const OUT = env('OUT', 'bench-results/frames.json');
const CHROMIUM = env('CHROMIUM_PATH', '/usr/bin/chromium');
const TTI_RUNS = Math.max(1, num('TTI_RUNS', 5));
const WARMUP_SECONDS = num('WARMUP_SECONDS', 3);
const FRAMES_SECONDS = num('FRAMES_SECONDS', 20);
const SOAK_SECONDS = num('SOAK_SECONDS', 40);
const SOAK_SPEED = env('SOAK_SPEED', '16');
const SAMPLE_SECONDS = num('SAMPLE_SECONDS', 5);
const PROFILE_SECONDS = num('PROFILE_SECONDS', 5);
const FLAT_PCT = num('FLAT_PCT', 5);
// The raw CPU profile (open it in Chrome DevTools, Performance panel) and the trace summary.
const PROFILE_FILE = env('PROFILE_FILE', join(dirname(OUT), 'heavy.cpuprofile'));
const TRACE_SECONDS = num('TRACE_SECONDS', 3);
const CHURN_UPDATES = num('CHURN_UPDATES', 10);
// A second soak with retention.ms set on the topic (as the native heap budget), so the load
// keeps producing: the heavy sandbox alone fills the 2,000,000-record storage in about 3.5
// simulated minutes, and then its load pauses. 0 skips it.
const SOAK_RETENTION_MS = num('SOAK_RETENTION_MS', 60000);
const LOAD_TIMEOUT_MS = 60_000;

const VIEWPORT = { width: 1280, height: 900 };
const SCENARIO = 'heavy';
const HEAVY_SUMMARY = /64 partitions/; // the cluster map's [data-testid=map-summary], topic events
const HEAVY_TOPIC = 'events';

// ------------------------------------------------------------------------------ helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile of `xs` (p in 0..100). */
function pct(xs, p) {
  if (!xs.length) return null;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const median = (xs) => {
  if (!xs.length) return null;
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs, d = 2) => ({
  n: xs.length,
  median: round(median(xs), d),
  p95: round(pct(xs, 95), d),
  max: round(xs.length ? Math.max(...xs) : null, d),
  mean: round(xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null, d),
});
const mb = (bytes) => (bytes == null ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`);
/** `mm:ss.t` or `h:mm:ss.t` (src/ui/time.rs clock_text) to milliseconds. */
function clockMs(text) {
  const m = /^(?:(\d+):)?(\d+):(\d+)\.(\d)$/.exec(text.trim());
  if (!m) return null;
  return ((Number(m[1] || 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) * 100;
}

let phase = 'starting';
/** Runs `fn` as the named phase; rejects with a clear message after `ms`. */
async function step(name, ms, fn) {
  phase = name;
  console.error(`frames: ${name}…`);
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

function transferSizes(dir) {
  if (!existsSync(dir)) return null;
  const sizes = { wasm: 0, js: 0, css: 0, html: 0 };
  for (const f of readdirSync(dir)) {
    const ext = f.split('.').pop();
    if (ext in sizes) sizes[ext] += gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
  }
  return { dir, total: sizes.wasm + sizes.js + sizes.css, total_with_html: sizes.wasm + sizes.js + sizes.css + sizes.html, ...sizes };
}

// ------------------------------------------------------------------------------ page side

/**
 * Init script, run in every page before its own scripts. `opts.frames` installs the rAF and
 * queueMicrotask wrappers and the long-animation-frame observer (only for the frame phase, so
 * the other phases run the page unwrapped).
 */
function pageInit(opts) {
  const B = (window.__bench = { tti: null, wasmAt: null, memory: null, frames: null });

  // Time to interactive: the Play button exists (so the wasm app has mounted).
  const seen = () => {
    if (B.tti === null && document.querySelector('[data-testid=time-play]')) {
      B.tti = performance.now();
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(seen);
  mo.observe(document, { childList: true, subtree: true });

  // The wasm Memory: wasm-bindgen instantiates through one of these.
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory instanceof WebAssembly.Memory && !B.memory) {
      B.memory = memory;
      B.wasmAt = performance.now();
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(keep);
    };
  }
  // Trunk's loader also hands over the exports.
  addEventListener('TrunkApplicationStarted', (e) => {
    const memory = e.detail && e.detail.wasm && e.detail.wasm.memory;
    if (memory instanceof WebAssembly.Memory && !B.memory) B.memory = memory;
  });

  if (!opts.frames) return;

  // Others' microtasks queued through queueMicrotask and not yet run.
  const nativeQueue = window.queueMicrotask.bind(window);
  let outstanding = 0;
  window.queueMicrotask = function queueMicrotask(callback) {
    outstanding++;
    nativeQueue(() => {
      outstanding--;
      callback();
    });
  };
  const MIN_LEVELS = 3;
  const MAX_LEVELS = 1000;
  /** Calls `done(levels)` once no other queued microtask is outstanding. */
  const settle = (done) => {
    let levels = 0;
    const next = () => {
      levels++;
      if ((outstanding > 0 || levels < MIN_LEVELS) && levels < MAX_LEVELS) nativeQueue(next);
      else done(levels);
    };
    nativeQueue(next);
  };

  const clockText = () => {
    const el = document.querySelector('[data-testid=time-now] output');
    return el ? el.textContent : '';
  };

  let recording = false;
  let frames = [];
  let current = null;
  let lastClock = '';
  const close = () => {
    if (current) frames.push(current);
    current = null;
  };

  const nativeRaf = window.requestAnimationFrame;
  window.requestAnimationFrame = function requestAnimationFrame(callback) {
    if (typeof callback !== 'function') return nativeRaf.call(window, callback);
    return nativeRaf.call(window, (ts) => {
      if (!recording) return callback(ts);
      const t0 = performance.now();
      if (!current || current.ts !== ts) {
        close();
        current = { ts, start: t0, work: 0, script: 0, micro: 0, layout: 0, callbacks: 0, levels: 0, update: false };
      }
      const frame = current;
      let returned = t0;
      try {
        callback(ts);
      } finally {
        returned = performance.now();
        settle((levels) => {
          const settled = performance.now();
          void document.body.offsetHeight; // style + layout, as the frame's rendering would
          const t1 = performance.now();
          frame.work += t1 - t0;
          frame.script += returned - t0;
          frame.micro += settled - returned;
          frame.layout += t1 - settled;
          frame.callbacks++;
          frame.levels = Math.max(frame.levels, levels);
          const text = clockText();
          if (text !== lastClock) {
            frame.update = true;
            lastClock = text;
          }
        });
      }
    });
  };

  let longFrames = [];
  let loafSupported = false;
  try {
    loafSupported = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
    if (loafSupported) {
      new PerformanceObserver((list) => {
        if (!recording) return;
        for (const e of list.getEntries()) {
          const end = e.startTime + e.duration;
          longFrames.push({
            start: e.startTime,
            duration: e.duration,
            blocking: e.blockingDuration,
            render: e.renderStart ? end - e.renderStart : 0,
            styleAndLayout: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
            scripts: e.scripts.map((s) => ({
              invoker: s.invoker,
              type: s.invokerType,
              fn: s.sourceFunctionName,
              duration: s.duration,
              forcedLayout: s.forcedStyleAndLayoutDuration,
            })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
    }
  } catch (_) {
    loafSupported = false;
  }

  B.frames = {
    start() {
      frames = [];
      longFrames = [];
      current = null;
      lastClock = clockText();
      recording = true;
      return performance.now();
    },
    stop() {
      recording = false;
      close();
      return { frames, longFrames, loafSupported, at: performance.now() };
    },
  };
}

// ------------------------------------------------------------------------------ node side

let browser;
const problems = [];

async function newPage({ frames = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: `(${pageInit})(${JSON.stringify({ frames })});` });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return { context, page };
}

async function open(page, url) {
  await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  await page
    .waitForFunction(() => window.__bench && window.__bench.tti !== null, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 })
    .catch(() => {
      throw new Error(`the page at ${url} did not show [data-testid=time-play] within ${LOAD_TIMEOUT_MS / 1000} s (did the wasm fail to load?)`);
    });
}

async function simulatedMs(page) {
  const text = await page.locator('[data-testid=time-now] output').textContent({ timeout: 10_000 });
  return { text: text.trim(), ms: clockMs(text) };
}

/** Loads the heavy sandbox, at `speed`, playing. */
async function loadHeavy(page, speed) {
  await page.getByTestId('scenario-select').selectOption(SCENARIO);
  await page.getByTestId('scenario-load').click();
  await page.getByTestId('map-summary').filter({ hasText: HEAVY_SUMMARY }).waitFor({ timeout: LOAD_TIMEOUT_MS })
    .catch(() => { throw new Error(`the ${SCENARIO} scenario did not show "${HEAVY_SUMMARY.source}" in [data-testid=map-summary]`); });
  const topic = await page.getByTestId('map-topic-select').inputValue({ timeout: 10_000 });
  if (topic !== HEAVY_TOPIC) throw new Error(`the ${SCENARIO} scenario shows topic '${topic}', expected '${HEAVY_TOPIC}'`);
  await page.getByTestId('time-speed').selectOption(String(speed));
  const play = page.getByTestId('time-play');
  if ((await play.getAttribute('aria-pressed')) !== 'true') await play.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=time-play]')?.getAttribute('aria-pressed') === 'true',
    null, { timeout: 10_000 });
}

async function measureTti() {
  const runs = [];
  for (let i = 0; i < TTI_RUNS; i++) {
    const { context, page } = await newPage();
    try {
      await open(page, BASE_URL);
      runs.push(await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
        return {
          tti_ms: window.__bench.tti,
          wasm_instantiated_ms: window.__bench.wasmAt,
          wasm_fetched_ms: wasm ? wasm.responseEnd : null,
          dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
          load_event_ms: nav ? nav.loadEventEnd : null,
          first_contentful_paint_ms: fcp ? fcp.startTime : null,
        };
      }));
    } finally {
      await context.close();
    }
  }
  const pick = (k) => runs.map((r) => r[k]).filter((x) => x != null);
  return {
    runs: TTI_RUNS,
    median_ms: round(median(pick('tti_ms'))),
    min_ms: round(Math.min(...pick('tti_ms'))),
    max_ms: round(Math.max(...pick('tti_ms'))),
    median_wasm_fetched_ms: round(median(pick('wasm_fetched_ms'))),
    median_wasm_instantiated_ms: round(median(pick('wasm_instantiated_ms'))),
    median_first_contentful_paint_ms: round(median(pick('first_contentful_paint_ms'))),
    samples: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]))),
  };
}

async function measureFrames() {
  const { context, page } = await newPage({ frames: true });
  try {
    await open(page, BASE_URL);
    await loadHeavy(page, 1);
    await sleep(WARMUP_SECONDS * 1000);
    const sim0 = await simulatedMs(page);
    const t0 = await page.evaluate(() => window.__bench.frames.start());
    await sleep(FRAMES_SECONDS * 1000);
    const { frames, longFrames, loafSupported, at } = await page.evaluate(() => window.__bench.frames.stop());
    const sim1 = await simulatedMs(page);
    const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
    const churn = await domChurn(page, CHURN_UPDATES);
    const realMs = at - t0;
    if (frames.length < 3) throw new Error(`only ${frames.length} animation frames in ${round(realMs / 1000)} s: is requestAnimationFrame running?`);

    const work = frames.map((f) => f.work);
    const updates = frames.filter((f) => f.update);
    const others = frames.filter((f) => !f.update);
    const intervals = frames.slice(1).map((f, i) => f.ts - frames[i].ts);
    const part = (fs, k) => stats(fs.map((f) => f[k]));
    const loafDur = longFrames.map((e) => e.duration);
    const scriptTotals = {};
    for (const e of longFrames) {
      for (const s of e.scripts) {
        const k = `${s.type}: ${s.invoker}${s.fn ? ` (${s.fn})` : ''}`;
        scriptTotals[k] = (scriptTotals[k] || 0) + s.duration;
      }
    }
    return {
      scenario: SCENARIO,
      speed: 1,
      real_seconds: round(realMs / 1000, 2),
      simulated_seconds: sim0.ms != null && sim1.ms != null ? round((sim1.ms - sim0.ms) / 1000, 1) : null,
      dom_elements: domElements,
      frames: frames.length,
      world_updates: updates.length,
      frames_per_second: round(frames.length / (realMs / 1000), 1),
      work_ms: stats(work),
      update_frames_ms: {
        work: part(updates, 'work'),
        callback: part(updates, 'script'),
        microtasks: part(updates, 'micro'),
        style_layout: part(updates, 'layout'),
        max_microtask_levels: updates.reduce((m, f) => Math.max(m, f.levels), 0),
      },
      other_frames_ms: part(others, 'work'),
      frames_over_16ms: work.filter((w) => w > 16.7).length,
      frames_over_50ms: work.filter((w) => w > 50).length,
      frame_interval_ms: stats(intervals),
      long_animation_frames: {
        supported: loafSupported,
        count: longFrames.length,
        duration_ms: stats(loafDur),
        blocking_ms_total: round(longFrames.reduce((a, e) => a + e.blocking, 0)),
        render_ms: stats(longFrames.map((e) => e.render)),
        style_layout_ms: stats(longFrames.map((e) => e.styleAndLayout)),
        scripts_ms_total: Object.fromEntries(Object.entries(scriptTotals).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => [k, round(v)])),
      },
      dom_churn_per_update: churn,
      per_frame: frames.map((f) => [round(f.ts - t0), round(f.work, 2), f.update ? 1 : 0]),
    };
  } finally {
    await context.close();
  }
}

/**
 * What each world update does to the DOM, over `updates` updates: elements added and removed,
 * attributes and texts changed, grouped by the nearest ancestor's data-testid (digits as N).
 */
async function domChurn(page, updates) {
  return page.evaluate((updates) => new Promise((resolve, reject) => {
    const key = (node) => {
      let el = node.nodeType === 1 ? node : node.parentElement;
      while (el && !(el.dataset && el.dataset.testid)) el = el.parentElement;
      return el ? el.dataset.testid.replace(/\d+/g, 'N') : '(no data-testid)';
    };
    const elements = (nodes) => {
      let n = 0;
      for (const x of nodes) if (x.nodeType === 1) n += 1 + x.getElementsByTagName('*').length;
      return n;
    };
    const out = {};
    const add = (k, field, n) => {
      if (!n) return;
      out[k] ??= { added: 0, removed: 0, attributes: 0, texts: 0 };
      out[k][field] += n;
    };
    const mo = new MutationObserver((records) => {
      for (const r of records) {
        const k = key(r.target);
        if (r.type === 'childList') {
          add(k, 'added', elements(r.addedNodes));
          add(k, 'removed', elements(r.removedNodes));
        } else if (r.type === 'attributes') add(k, 'attributes', 1);
        else add(k, 'texts', 1);
      }
    });
    const clock = () => document.querySelector('[data-testid=time-now] output')?.textContent;
    let last = clock();
    let seen = 0;
    const started = performance.now();
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const poll = setInterval(() => {
      const now = clock();
      if (now !== last) {
        last = now;
        if (seen === 0) for (const k of Object.keys(out)) delete out[k]; // count whole updates only
        seen++;
      }
      if (seen > updates || performance.now() - started > 60_000) {
        clearInterval(poll);
        mo.disconnect();
        if (seen <= updates) return reject(new Error(`DOM churn: only ${seen} world updates in 60 s`));
        const per = Object.fromEntries(Object.entries(out)
          .map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([f, n]) => [f, Math.round(n / updates)]))])
          .sort((a, b) => (b[1].added + b[1].removed + b[1].attributes + b[1].texts) - (a[1].added + a[1].removed + a[1].attributes + a[1].texts)));
        resolve({ updates, per_update: per });
      }
    }, 10);
  }), updates);
}

/** Types `command` into the page's console and waits for `expect` in its output. */
async function consoleRun(page, command, expect) {
  const input = page.getByTestId('console-input');
  await input.fill(command, { timeout: 20_000 });
  await input.press('Enter', { timeout: 20_000 });
  await page.getByTestId('console-output').filter({ hasText: expect }).waitFor({ timeout: 30_000 })
    .catch(() => { throw new Error(`the console did not answer "${expect}" to: ${command}`); });
}

async function measureSoak(retentionMs = 0) {
  const { context, page } = await newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await open(page, BASE_URL);
    if (!(await page.evaluate(() => !!window.__bench.memory))) throw new Error('did not capture the wasm Memory (WebAssembly.instantiate* wrapper and TrunkApplicationStarted both missed it)');
    if (!(await page.evaluate(() => !!(performance.memory && performance.memory.usedJSHeapSize)))) throw new Error('performance.memory is missing (Chromium flag --enable-precise-memory-info)');
    await loadHeavy(page, 1);
    if (retentionMs > 0) {
      await consoleRun(page, `kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name ${HEAVY_TOPIC} --add-config retention.ms=${retentionMs}`,
        `Completed updating config for topic ${HEAVY_TOPIC}`);
    }
    await page.getByTestId('time-speed').selectOption(String(SOAK_SPEED));
    const started = Date.now();
    const pageStart = await page.evaluate(() => performance.now());
    const samples = [];
    for (let i = 0; ; i++) {
      const due = started + i * SAMPLE_SECONDS * 1000;
      if (due > started + SOAK_SECONDS * 1000 + 1) break;
      await sleep(Math.max(0, due - Date.now()));
      // One read: page time, simulated time and memory together.
      const raw = await page.evaluate(() => ({
        now: performance.now(),
        simulated: (document.querySelector('[data-testid=time-now] output')?.textContent ?? '').trim(),
        // Records written: the map's rows carry each partition's log-end offset.
        written: [...document.querySelectorAll('[data-testid=map-row]')]
          .reduce((sum, r) => sum + Number(r.getAttribute('data-log-end') || 0), 0),
        used: performance.memory.usedJSHeapSize,
        total: performance.memory.totalJSHeapSize,
        wasm: window.__bench.memory.buffer.byteLength,
      }));
      await cdp.send('HeapProfiler.collectGarbage');
      const usedAfterGc = await page.evaluate(() => performance.memory.usedJSHeapSize);
      const written = raw.written;
      samples.push({ t_s: round((raw.now - pageStart) / 1000, 2), simulated: raw.simulated, simulated_ms: clockMs(raw.simulated), records_written: Number.isFinite(written) ? written : null, js_heap_used: raw.used, js_heap_used_after_gc: usedAfterGc, js_heap_total: raw.total, wasm_memory: raw.wasm });
    }
    if (samples.length < 3) throw new Error(`only ${samples.length} memory samples: SOAK_SECONDS must be at least 2 × SAMPLE_SECONDS`);
    const first = samples[0];
    const last = samples[samples.length - 1];
    const mid = samples[Math.floor((samples.length - 1) / 2)];
    const growth = (k) => round(((last[k] - mid[k]) / mid[k]) * 100, 1);
    const g = { js_heap_after_gc_pct: growth('js_heap_used_after_gc'), js_heap_raw_pct: growth('js_heap_used'), wasm_memory_pct: growth('wasm_memory') };
    const flat = g.js_heap_after_gc_pct <= FLAT_PCT && g.wasm_memory_pct <= FLAT_PCT;
    return {
      scenario: SCENARIO,
      retention_ms: retentionMs || null,
      speed: Number(SOAK_SPEED),
      real_seconds: last.t_s,
      simulated_start: first.simulated,
      simulated_reached: last.simulated,
      records_written_start: first.records_written,
      records_written_half: mid.records_written,
      records_written_end: last.records_written,
      simulated_ms: last.simulated_ms,
      simulated_per_real: last.simulated_ms != null && first.simulated_ms != null ? round((last.simulated_ms - first.simulated_ms) / 1000 / (last.t_s - first.t_s), 2) : null,
      js_heap_used_start: first.js_heap_used,
      js_heap_used_end: last.js_heap_used,
      js_heap_after_gc_start: first.js_heap_used_after_gc,
      js_heap_after_gc_end: last.js_heap_used_after_gc,
      wasm_memory_start: first.wasm_memory,
      wasm_memory_end: last.wasm_memory,
      second_half_from_s: mid.t_s,
      second_half_growth: g,
      flat_threshold_pct: FLAT_PCT,
      verdict: flat ? 'flat' : 'growing',
      production_stopped_in_second_half: last.records_written != null && last.records_written === mid.records_written,
      samples,
    };
  } finally {
    await context.close();
  }
}

/** A wasm function's display name: crate::module::fn without the hash. */
function shortName(name) {
  return name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '').replace(/^_ZN/, '');
}

function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const url = f.url || '';
    if (!url && f.functionName.startsWith('(')) return f.functionName; // (program) (idle) (garbage collector)
    const kind = url.startsWith('wasm://') || /\.wasm(\?|$)/.test(url) ? 'wasm' : url ? 'js' : 'native';
    return `${kind} ${shortName(f.functionName || '(anonymous)')}`;
  };
  const self = new Map();
  const inclusive = new Map();
  const moduleSelf = new Map();
  let total = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // Sample i stands for the time until the next sample.
    const dt = (i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0) / 1000;
    if (dt <= 0) continue;
    total += dt;
    const node = byId.get(samples[i]);
    const k = keyOf(node);
    self.set(k, (self.get(k) || 0) + dt);
    if (k.startsWith('wasm ')) {
      const path = k.slice(5).replace(/^<([^ >]+).*$/, '$1').split('::');
      const mod = path.slice(0, path[0] === 'kafka_playground' ? 2 : 1).join('::');
      moduleSelf.set(mod, (moduleSelf.get(mod) || 0) + dt);
    }
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const key = keyOf(byId.get(id));
      if (seen.has(key) || key === '(root)') continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) || 0) + dt);
    }
  }
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, ms]) => ({ name, ms: round(ms), pct: round((ms / total) * 100, 1) }));
  const cat = { idle: 0, program: 0, gc: 0, wasm: 0, js: 0, native: 0 };
  for (const [k, ms] of self) {
    if (k === '(idle)') cat.idle += ms;
    else if (k === '(program)') cat.program += ms;
    else if (k === '(garbage collector)') cat.gc += ms;
    else if (k.startsWith('wasm ')) cat.wasm += ms;
    else if (k.startsWith('js ')) cat.js += ms;
    else cat.native += ms;
  }
  const named = [...self.keys()].some((k) => k.startsWith('wasm ') && !/^wasm (\$func\d+|wasm-function\[\d+\]|\$?\d+)$/.test(k));
  return {
    total_ms: round(total),
    categories_ms: Object.fromEntries(Object.entries(cat).map(([k, v]) => [k, round(v)])),
    wasm_names: named,
    top_self: top(self, 25),
    top_inclusive: top(inclusive, 30),
    wasm_self_by_module: top(moduleSelf, 15),
  };
}

/** Main-thread self time by trace event name (Chrome's devtools.timeline events). */
function summariseTrace(buffer, seconds) {
  const parsed = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
  const busy = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.includes(k)) busy.set(k, (busy.get(k) || 0) + (e.dur || 0));
  }
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return { error: 'no renderer main thread in the trace' };
  // Intervals (µs) on the main thread: complete events and B/E pairs.
  const spans = [];
  const open = new Map();
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main) continue;
    if (e.ph === 'X' && e.dur > 0) spans.push({ name: e.name, start: e.ts, end: e.ts + e.dur, args: e.args });
    else if (e.ph === 'B') (open.get(e.name) || open.set(e.name, []).get(e.name)).push(e.ts);
    else if (e.ph === 'E') {
      const start = open.get(e.name)?.pop();
      if (start !== undefined) spans.push({ name: e.name, start, end: e.ts });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map();
  const stack = [];
  for (const s of spans) {
    s.self = s.end - s.start;
    while (stack.length && stack[stack.length - 1].end <= s.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && s.end <= parent.end) parent.self -= s.end - s.start;
    stack.push(s);
  }
  for (const s of spans) self.set(s.name, (self.get(s.name) || 0) + Math.max(0, s.self));
  const CATEGORY = [
    [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/, 'style'],
    [/^(Layout|UpdateLayout|LayoutShift)$/, 'layout'],
    [/^(PrePaint|Paint|PaintImage|Layerize|Commit|UpdateLayer|UpdateLayerTree|CompositeLayers|LocalFrameView::RunPostLifecycleSteps|Document::updateStyleAndLayout|BeginMainThreadFrame|ScrollLayer|Animation)$/, 'paint and composite'],
    [/GC|Gc|garbage/i, 'gc'],
    [/^(FunctionCall|EvaluateScript|RunMicrotasks|FireAnimationFrame|TimerFire|EventDispatch|v8\.|V8\.|V8Console|v8\.callFunction|v8\.run|v8\.compile|v8\.wasm|wasm|CompileScript|ParseHTML|XHRReadyStateChange|FireIdleCallback)/i, 'script (js + wasm + DOM calls)'],
  ];
  const categories = {};
  let total = 0;
  for (const [name, us] of self) {
    const cat = CATEGORY.find(([re]) => re.test(name))?.[1] ?? 'other';
    categories[cat] = (categories[cat] || 0) + us / 1000;
    total += us / 1000;
  }
  const window_ms = seconds * 1000;
  const layouts = spans.filter((x) => x.name === 'Layout');
  const styles = spans.filter((x) => x.name === 'UpdateLayoutTree');
  const argOf = (xs, f) => xs.map(f).filter((v) => typeof v === 'number');
  return {
    seconds,
    layout: {
      count: layouts.length,
      ms: stats(layouts.map((x) => (x.end - x.start) / 1000)),
      dirty_objects: stats(argOf(layouts, (x) => x.args?.beginData?.dirtyObjects), 0),
      total_objects: stats(argOf(layouts, (x) => x.args?.beginData?.totalObjects), 0),
    },
    style: {
      count: styles.length,
      ms: stats(styles.map((x) => (x.end - x.start) / 1000)),
      elements: stats(argOf(styles, (x) => x.args?.elementCount ?? x.args?.endData?.elementCount ?? x.args?.beginData?.elementCount), 0),
    },
    busy_ms: round(total),
    busy_pct: round((total / window_ms) * 100, 1),
    categories_ms: Object.fromEntries(Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)])),
    top_self: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, us]) => ({ name, ms: round(us / 1000) })),
    frames: spans.filter((s) => s.name === 'FireAnimationFrame').length,
  };
}

async function measureProfile() {
  const { context, page } = await newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await open(page, PROFILE_URL);
    await loadHeavy(page, 1);
    await sleep(WARMUP_SECONDS * 1000);
    // First a trace (where the main thread's time goes: script, style, layout, paint), then,
    // separately, the sampling profile (which functions).
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.gc'] });
    await sleep(TRACE_SECONDS * 1000);
    const trace = summariseTrace(await browser.stopTracing(), TRACE_SECONDS);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await sleep(PROFILE_SECONDS * 1000);
    const { profile } = await cdp.send('Profiler.stop');
    if (PROFILE_FILE) writeFileSync(PROFILE_FILE, JSON.stringify(profile));
    return { url: PROFILE_URL, seconds: PROFILE_SECONDS, speed: 1, trace, ...summariseProfile(profile), file: PROFILE_FILE || null };
  } finally {
    await context.close();
  }
}

function printSummary(r) {
  const lines = [`${r.browser}, ${r.cpus} CPUs, load average ${r.load_average_start[0]} at start, ${r.load_average_end[0]} at end`];
  const t = r.transfer;
  if (t) lines.push(`transfer (gzip -9, ${t.dir}): ${t.total} B = wasm ${t.wasm} + js ${t.js} + css ${t.css} (html ${t.html})`);
  const i = r.tti;
  lines.push(`time to interactive (Play exists), median of ${i.runs}: ${i.median_ms} ms (${i.min_ms}–${i.max_ms}); wasm fetched ${i.median_wasm_fetched_ms} ms, instantiated ${i.median_wasm_instantiated_ms} ms, FCP ${i.median_first_contentful_paint_ms} ms`);
  const f = r.heavy_frames;
  lines.push(`heavy sandbox at 1×, ${f.real_seconds} s real (${f.simulated_seconds} s simulated, ${f.dom_elements} DOM elements): ${f.frames} frames (${f.frames_per_second}/s), ${f.world_updates} world updates`);
  lines.push(`  frame work ms: median ${f.work_ms.median}, p95 ${f.work_ms.p95}, max ${f.work_ms.max}; ${f.frames_over_16ms} frames > 16.7 ms, ${f.frames_over_50ms} > 50 ms`);
  const u = f.update_frames_ms;
  lines.push(`  world-update frames ms: median ${u.work.median}, p95 ${u.work.p95}, max ${u.work.max} (callback ${u.callback.median}, microtasks ${u.microtasks.median}, style+layout ${u.style_layout.median} median); other frames median ${f.other_frames_ms.median ?? 'n/a'}, max ${f.other_frames_ms.max ?? 'n/a'}`);
  lines.push(`  frame interval ms: median ${f.frame_interval_ms.median}, p95 ${f.frame_interval_ms.p95}, max ${f.frame_interval_ms.max}`);
  const churn = Object.entries(f.dom_churn_per_update.per_update).slice(0, 6)
    .map(([k, v]) => `${k} +${v.added}/-${v.removed} elements, ${v.attributes} attributes, ${v.texts} texts`);
  lines.push(`  DOM changes per world update (by nearest data-testid): ${churn.join('; ')}`);
  const l = f.long_animation_frames;
  lines.push(l.supported
    ? `  long-animation-frame (≥ 50 ms, incl. rendering): ${l.count} frames, median ${l.duration_ms.median} ms, max ${l.duration_ms.max} ms, render part median ${l.render_ms.median} ms`
    : '  long-animation-frame: not supported by this browser');
  for (const s of [r.soak, r.soak_retention]) {
    if (!s || s.skipped) continue;
    lines.push(`soak: heavy${s.retention_ms ? ` with retention.ms=${s.retention_ms}` : ''} at ${s.speed}× for ${s.real_seconds} s real, simulated ${s.simulated_start} → ${s.simulated_reached} (${s.simulated_per_real} simulated s per real s)`);
    lines.push(`  JS heap used ${mb(s.js_heap_used_start)} → ${mb(s.js_heap_used_end)} (after GC ${mb(s.js_heap_after_gc_start)} → ${mb(s.js_heap_after_gc_end)}); wasm memory ${mb(s.wasm_memory_start)} → ${mb(s.wasm_memory_end)}`);
    lines.push(`  records written (map rows' log-end offsets): ${s.records_written_start} at start, ${s.records_written_half} at half time, ${s.records_written_end} at the end${s.production_stopped_in_second_half ? ' (production stopped in the second half: storage full)' : ''}`);
    lines.push(`  growth from ${s.second_half_from_s} s to the end: JS heap after GC ${s.second_half_growth.js_heap_after_gc_pct}%, wasm memory ${s.second_half_growth.wasm_memory_pct}% → ${s.verdict} (≤ ${s.flat_threshold_pct}% is flat)`);
  }
  const p = r.profile;
  if (p && !p.skipped) {
    const c = p.categories_ms;
    const tr = p.trace;
    if (tr && !tr.error) {
      lines.push(`trace, heavy at 1× for ${tr.seconds} s: main thread busy ${tr.busy_ms} ms (${tr.busy_pct}%): ${Object.entries(tr.categories_ms).map(([k, v]) => `${k} ${v}`).join(', ')} ms`);
      lines.push(`  top trace events by self time: ${tr.top_self.slice(0, 8).map((x) => `${x.name} ${x.ms}`).join(', ')} ms`);
      lines.push(`  ${tr.layout.count} layouts (median ${tr.layout.ms.median} ms, ${tr.layout.dirty_objects.median} of ${tr.layout.total_objects.median} layout objects dirty), ${tr.style.count} style recalcs (median ${tr.style.ms.median} ms, ${tr.style.elements.median ?? 'n/a'} elements)`);
    }
    lines.push(`profile, heavy at 1× for ${p.seconds} s (${p.wasm_names ? 'wasm names' : 'no wasm names: set PROFILE_URL to a build with names'}): wasm ${c.wasm} ms, js ${c.js} ms, gc ${c.gc} ms, program ${c.program} ms, idle ${c.idle} ms of ${p.total_ms} ms`);
    lines.push('  top self time:');
    for (const x of p.top_self.slice(0, 12)) lines.push(`    ${String(x.ms).padStart(8)} ms ${String(x.pct).padStart(5)}%  ${x.name}`);
    lines.push('  wasm self time by module:');
    for (const x of p.wasm_self_by_module.slice(0, 8)) lines.push(`    ${String(x.ms).padStart(8)} ms ${String(x.pct).padStart(5)}%  ${x.name}`);
    lines.push('  top inclusive time (wasm and js):');
    for (const x of p.top_inclusive.filter((x) => /^(wasm|js) /.test(x.name)).slice(0, 12)) lines.push(`    ${String(x.ms).padStart(8)} ms ${String(x.pct).padStart(5)}%  ${x.name.slice(0, 160)}`);
    if (p.file) lines.push(`  raw profile: ${p.file} (Chrome DevTools, Performance panel: load profile)`);
  }
  console.log(lines.join('\n'));
}

// ------------------------------------------------------------------------------ main

const WATCHDOG_MS = (120 + TTI_RUNS * 60 + WARMUP_SECONDS * 3 + FRAMES_SECONDS + SOAK_SECONDS * 4 + PROFILE_SECONDS + TRACE_SECONDS) * 1000 + 300_000;
const watchdog = setTimeout(async () => {
  console.error(`frames: gave up after ${Math.round(WATCHDOG_MS / 1000)} s in phase "${phase}"`);
  try { await browser?.close(); } catch (_) { /* exiting anyway */ }
  process.exit(1);
}, WATCHDOG_MS);

const result = { date: new Date().toISOString(), url: BASE_URL };
try {
  mkdirSync(dirname(OUT), { recursive: true });
  result.transfer = transferSizes(SITE_DIST);
  browser = await step('launching chromium', 60_000, () => chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  }));
  result.browser = browser.version();
  result.cpus = cpus().length;
  result.load_average_start = loadavg().map((x) => round(x, 2));
  result.tti = await step(`time to interactive (${TTI_RUNS} loads)`, TTI_RUNS * 90_000, measureTti);
  result.heavy_frames = await step(`heavy frames (${FRAMES_SECONDS} s at 1×)`, (FRAMES_SECONDS + WARMUP_SECONDS) * 1000 + 180_000, measureFrames);
  result.soak = await step(`heap soak (${SOAK_SECONDS} s at ${SOAK_SPEED}×)`, SOAK_SECONDS * 2000 + 180_000, measureSoak);
  result.soak_retention = SOAK_RETENTION_MS > 0
    ? await step(`heap soak with retention.ms=${SOAK_RETENTION_MS} (${SOAK_SECONDS} s at ${SOAK_SPEED}×)`, SOAK_SECONDS * 2000 + 180_000, () => measureSoak(SOAK_RETENTION_MS))
    : { skipped: true };
  result.profile = PROFILE_SECONDS > 0
    ? await step(`profile (${PROFILE_SECONDS} s)`, (PROFILE_SECONDS + TRACE_SECONDS + WARMUP_SECONDS) * 1000 + 180_000, measureProfile)
    : { skipped: true };
  result.load_average_end = loadavg().map((x) => round(x, 2));
  result.problems = problems;

  writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
  printSummary(result);
  const f = result.heavy_frames;
  const s = result.soak;
  console.log(JSON.stringify({
    figure: 'page_frames',
    tti_ms: result.tti.median_ms,
    frame_ms_median: f.work_ms.median,
    frame_ms_p95: f.work_ms.p95,
    frame_ms_max: f.work_ms.max,
    frames: f.frames,
    world_updates: f.world_updates,
    update_frame_ms_median: f.update_frames_ms.work.median,
    soak_simulated: s.simulated_reached,
    js_heap_start: s.js_heap_used_start,
    js_heap_end: s.js_heap_used_end,
    wasm_memory_start: s.wasm_memory_start,
    wasm_memory_end: s.wasm_memory_end,
    soak_verdict: s.verdict,
    soak_production_stopped: s.production_stopped_in_second_half,
    soak_retention_wasm_memory_end: result.soak_retention?.wasm_memory_end ?? null,
    soak_retention_verdict: result.soak_retention?.verdict ?? null,
    transfer_gzip_bytes: result.transfer?.total ?? null,
    browser: result.browser,
    details: OUT,
  }));
  if (problems.length) {
    console.error(`frames: the page reported problems:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`frames: failed in phase "${phase}": ${e.message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close().catch(() => {});
}
