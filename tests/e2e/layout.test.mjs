// End to end: every step of every lesson fits one screen. At 1280×800 the step text, the cluster
// map, the goals and the console are all in the viewport and the page itself does not scroll; at
// 375×800 the Step · Map · Console tabs each bring their part into view under the goals. Nothing
// overflows sideways, and axe-core finds no violation in light and dark. Screenshots of every
// step land in test-results/layout/ for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useBrowser, BASE_URL, SHOTS } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const openPage = useBrowser();
const DIR = `${SHOTS}/layout`;
mkdirSync(DIR, { recursive: true });

const LESSONS = readFileSync('lessons/index.txt', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((f) => readFileSync(`lessons/${f}`, 'utf8').match(/^id:\s*(\S+)/m)[1]);

function url(params) {
  const u = new URL(BASE_URL);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** The element's box lies inside the viewport (a few pixels of rounding allowed). */
async function inViewport(page, locator, what) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is shown`);
  const { width, height } = page.viewportSize();
  assert.ok(box.width > 0 && box.height > 0, `${what} has a size`);
  assert.ok(box.x >= -1 && box.y >= -1, `${what} starts inside the viewport (${box.x}, ${box.y})`);
  assert.ok(box.x + box.width <= width + 1, `${what} ends inside the viewport horizontally`);
  assert.ok(box.y <= height - 20, `${what} is at least partly on screen (top at ${box.y})`);
  return box;
}

async function noPageScroll(page, what) {
  const { sx, sy } = await page.evaluate(() => ({
    sx: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    sy: document.documentElement.scrollHeight - document.documentElement.clientHeight,
  }));
  assert.ok(sx <= 0, `${what}: nothing overflows sideways (${sx} px)`);
  assert.ok(sy <= 0, `${what}: the page itself does not scroll (${sy} px)`);
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Opens a lesson at step 1 and calls `each(i, n)` on every step, moving by the step dots. */
async function everyStep(page, id, each) {
  await page.goto(url({ lesson: id, step: '1' }), { waitUntil: 'load' });
  await page.getByTestId('lesson-step').waitFor();
  const n = await page.locator('.lesson__dots a').count();
  assert.ok(n > 0, `${id} has steps`);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      await page.locator('.lesson__dots a').nth(i).click();
    }
    await page.getByTestId('lesson-step').locator('.lesson__count').filter({ hasText: `Step ${i + 1} of ${n}` }).waitFor();
    // Pause, so the page holds still while it is measured (the button may be hidden on a phone's
    // Step tab: pausing is then left out; a click on it would wait for it to show).
    const play = page.getByTestId('time-play');
    if ((await play.isVisible()) && (await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await each(i, n);
  }
}

for (const id of LESSONS) {
  for (const scheme of ['light', 'dark']) {
    test(`${id}: every step fits 1280×800 (${scheme})`, async () => {
      const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
      // Axe findings are gathered and asserted after the last step, so every step is measured
      // and photographed even when one has a violation.
      const found = [];
      await everyStep(page, id, async (i) => {
        const what = `${id} step ${i + 1} (${scheme})`;
        await inViewport(page, page.getByTestId('lesson-step').locator('.lesson__step-title'), `${what}: the step's title`);
        await inViewport(page, page.locator('.stage__map'), `${what}: the map`);
        if (await page.getByTestId('console-output').count()) {
          const box = await inViewport(page, page.getByTestId('console-output'), `${what}: the console`);
          assert.ok(box.y + box.height <= 801, `${what}: the console's output ends on screen`);
          await inViewport(page, page.getByTestId('console-input'), `${what}: the console's prompt`);
        }
        if (await page.getByTestId('goal-bar').count()) {
          await inViewport(page, page.getByTestId('goal-bar'), `${what}: the goals`);
        }
        await page.screenshot({ path: `${DIR}/${id}-${i + 1}-1280-${scheme}.png`, animations: 'disabled' });
        await noPageScroll(page, what);
        for (const v of await axeViolations(page)) found.push(`${what}: ${v}`);
      });
      assert.deepEqual(found, [], 'axe-core');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test(`${id}: every step works at 375×800 with Step · Map · Console tabs`, async () => {
    const { context, page, problems } = await openPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    const found = [];
    await everyStep(page, id, async (i) => {
      const what = `${id} step ${i + 1} (375 px)`;
      // A new step starts on its text, at its title.
      await inViewport(page, page.getByTestId('lesson-step').locator('.lesson__step-title'), `${what}: the step's title`);
      if (await page.getByTestId('goal-bar').count()) await inViewport(page, page.getByTestId('goal-bar'), `${what}: the goals`);
      await noPageScroll(page, `${what}, step tab`);
      await page.screenshot({ path: `${DIR}/${id}-${i + 1}-375-step.png`, animations: 'disabled' });
      await page.getByTestId('mtab-map').click();
      await inViewport(page, page.locator('.stage__map'), `${what}: the map`);
      await noPageScroll(page, `${what}, map tab`);
      if (i === 0) await page.screenshot({ path: `${DIR}/${id}-${i + 1}-375-map.png`, animations: 'disabled' });
      await page.getByTestId('mtab-console').click();
      if (await page.getByTestId('console-output').count()) {
        await inViewport(page, page.getByTestId('console-input'), `${what}: the console's prompt`);
      }
      await noPageScroll(page, `${what}, console tab`);
      for (const v of await axeViolations(page)) found.push(`${what}: ${v}`);
      await page.getByTestId('mtab-step').click();
    });
    assert.deepEqual(found, [], 'axe-core');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [name, viewport] of [['1280', { width: 1280, height: 800 }], ['375', { width: 375, height: 800 }]]) {
  test(`the playground fits ${name}×800: map, time controls and console at once, the page does not scroll`, async () => {
    const { context, page, problems } = await openPage({ viewport });
    await inViewport(page, page.locator('.stage__map'), 'the map');
    await inViewport(page, page.getByTestId('time-play'), 'the time controls');
    await inViewport(page, page.getByTestId('console-input'), "the console's prompt");
    await noPageScroll(page, `playground ${name}`);
    await page.screenshot({ path: `${DIR}/playground-${name}.png`, animations: 'disabled' });
    for (const scenario of ['hot-partition', 'heavy']) {
      await page.goto(url({ scenario }), { waitUntil: 'load' });
      await page.locator('.stage__map').waitFor();
      await page.waitForTimeout(1500);
      await noPageScroll(page, `${scenario} ${name}`);
      await page.screenshot({ path: `${DIR}/playground-${scenario}-${name}.png`, animations: 'disabled' });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// An embedded lesson in the snippet's 760 px high frame: the step, the map and the console are
// visible without scrolling the frame, on a wide course page and a narrow one (phone tabs).
for (const width of [1000, 600]) {
  test(`an embedded lesson fits the snippet's 760 px frame at ${width} px`, async () => {
    const { context, page, problems } = await openPage({ viewport: { width, height: 760 } });
    await page.goto(url({ lesson: LESSONS[0], step: '1', embed: '1' }), { waitUntil: 'load' });
    await page.getByTestId('lesson-step').waitFor();
    await inViewport(page, page.getByTestId('lesson-step').locator('.lesson__step-title'), 'embedded: the step title');
    if (width >= 900) {
      await inViewport(page, page.locator('.stage__map'), 'embedded: the map');
      await inViewport(page, page.getByTestId('console-input'), "embedded: the console's prompt");
    } else {
      await page.getByTestId('mtab-map').click();
      await inViewport(page, page.locator('.stage__map'), 'embedded: the map');
      await page.getByTestId('mtab-console').click();
      await inViewport(page, page.getByTestId('console-input'), "embedded: the console's prompt");
    }
    await noPageScroll(page, `embedded at ${width} px`);
    await page.screenshot({ path: `${DIR}/embedded-${width}.png`, animations: 'disabled' });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
