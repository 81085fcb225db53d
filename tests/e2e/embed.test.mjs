// End to end: embedding. The example course page (examples/course.html, served as /course.html)
// frames two lessons; the frame shows the lesson without the site's chrome; answering a check in
// the frame delivers the documented message to the host page; host messages of a wrong shape
// change nothing while a well-formed one moves the lesson; axe-core finds no violations in
// embed mode, from 320 px wide up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useBrowser, BASE_URL, SHOTS } from './browser.mjs';
import { answers, answerQuestion } from './lesson_answers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const openPage = useBrowser();

// The messages shown below a lesson's frame.
async function messages(page, type, lesson = 'lesson-1') {
  return page.locator(`#${lesson}-log li[data-type="${type}"]`).allInnerTexts();
}

test('the host page frames two lessons and receives every kind of progress message', async () => {
  const { context, page, problems } = await openPage();
  // Every step but the first is done already, so working through step 1 finishes the lesson
  // (and the host hears lesson-finished) without playing all eight steps here.
  const expected = answers('first-producer-consumer.md');
  const done = [...Array(expected.length).keys()].slice(1);
  await page.evaluate((d) => localStorage.setItem('kafka-playground.progress', JSON.stringify({
    version: 1,
    lessons: { 'first-producer-consumer': { step: 0, done: d, answers: {}, passed: [] } },
  })), done);
  await page.goto(new URL("course.html", `${BASE_URL}/`).href);
  const frame = page.frameLocator('#lesson-1');
  const step = frame.getByTestId('lesson-step');
  await step.locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();
  // No site header or footer inside the frame.
  assert.equal(await frame.locator('.site-header').count(), 0);
  assert.equal(await frame.getByTestId('embedded').count(), 1);
  await page.locator('#lesson-1-log li[data-type="lesson-started"]').first().waitFor();
  const started = await messages(page, 'lesson-started');
  assert.ok(started.some((m) => m.startsWith('{"source":"kafka-playground","version":1,"type":"lesson-started","lesson":"first-producer-consumer","step":1,')), started.join('\n'));

  // Answer the first question wrong in the frame: the host hears "correct": false.
  const q = step.getByTestId('question').first();
  const radios = q.locator('input[type=radio]');
  assert.ok((await radios.count()) >= 2, 'the first question is a choice');
  for (let i = 0; i < (await radios.count()); i++) {
    await radios.nth(i).check();
    await q.getByTestId('question-check').click();
    const verdict = await q.getByTestId('question-result').innerText();
    if (verdict.startsWith('Right.')) break;
  }
  await page.locator('#lesson-1-log li[data-type="check-answered"]').first().waitFor();
  let answered = await messages(page, 'check-answered');
  assert.ok(answered.some((m) => m.includes('"correct":false') && m.includes('"kind":"question"')), answered.join('\n'));
  assert.ok(answered.some((m) => m.includes('"correct":true') && m.includes('"kind":"question"')), answered.join('\n'));

  // The rest of the step as a learner works through it: the other questions, then the goal.
  const questions = step.getByTestId('question');
  for (let k = 1; k < expected[0].length; k++) await answerQuestion(questions.nth(k), expected[0][k]);
  const goals = step.getByTestId('goal');
  for (let k = 0; k < (await goals.count()); k++) {
    await goals.nth(k).locator('summary').click();
    await goals.nth(k).getByTestId('goal-solve').click();
    await goals.nth(k).getByTestId('goal-status').filter({ hasText: 'Met.' }).waitFor({ timeout: 20_000 });
  }
  await page.locator('#lesson-1-log li[data-type="step-completed"]').first().waitFor();
  const completed = await messages(page, 'step-completed');
  assert.ok(completed.some((m) => m.startsWith('{"source":"kafka-playground","version":1,"type":"step-completed","lesson":"first-producer-consumer","step":1,')), completed.join('\n'));
  await page.locator('#lesson-1-log li[data-type="lesson-finished"]').first().waitFor();
  const finished = await messages(page, 'lesson-finished');
  assert.ok(finished.some((m) => m.includes('"lesson":"first-producer-consumer"')), finished.join('\n'));
  answered = await messages(page, 'check-answered');
  assert.ok(answered.some((m) => m.includes('"correct":true') && m.includes('"kind":"goal"')), answered.join('\n'));
  assert.ok(answered.every((m) => /"check":"s1-[a-z]+\d+"/.test(m)), answered.join('\n'));

  // Host messages of a wrong shape are ignored; the documented one moves the lesson.
  const post = (msg) => page.evaluate((m) => document.getElementById('lesson-1').contentWindow.postMessage(m, '*'), msg);
  for (const bad of [
    'go-to-step',
    { type: 'go-to-step', step: 3 },
    { target: 'kafka-playground', version: 2, type: 'go-to-step', step: 3 },
    { target: 'kafka-playground', version: 1, type: 'go-to-step', step: '3' },
    { target: 'kafka-playground', version: 1, type: 'go-to-step', step: 3, html: '<img src=x onerror=alert(1)>' },
    { target: 'kafka-playground', version: 1, type: 'navigate', url: 'https://example.org' },
  ]) await post(bad);
  await page.waitForTimeout(300);
  await step.locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();
  await page.locator('#lesson-1-step-2').click();
  await step.locator('.lesson__count').filter({ hasText: 'Step 2 of' }).waitFor();

  // The second lesson is framed with fewer views, as its src asks.
  const second = page.frameLocator('#lesson-2');
  await second.getByTestId('lesson-step').waitFor();
  for (const t of ['console', 'records', 'groups', 'lag']) assert.equal(await second.getByTestId(`tab-${t}`).count(), 1, `a ${t} tab`);
  assert.equal(await second.getByTestId('tab-produce').count(), 0, 'no producer tab: views=lanes,groups,lag,console');
  await second.getByTestId('tab-records').click();
  await second.locator('.panel--lanes').waitFor();
  assert.equal(await second.getByTestId('produce').count(), 0, 'no producer panel');
  // Each lesson's messages are listed below its own frame.
  await page.locator('#lesson-2-log li[data-type="lesson-started"]').first().waitFor();
  const secondStarted = await messages(page, 'lesson-started', 'lesson-2');
  assert.ok(secondStarted.every((m) => m.includes('"lesson":"hot-partition"')), secondStarted.join('\n'));
  const firstAll = await page.locator('#lesson-1-log li').allInnerTexts();
  assert.ok(firstAll.every((m) => m.includes('"lesson":"first-producer-consumer"')), firstAll.join('\n'));
  await page.screenshot({ path: `${SHOTS}/embed-course-page.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the copy-embed-code snippet frames the lesson in embed mode', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${BASE_URL}?lesson=hot-partition&step=1`);
  await page.getByTestId('lesson-step').waitFor();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?lesson=hot-partition&amp;step=1&amp;embed=1" title="Kafka Playground lesson: Incident: a hot partition" /);
  // Paste it into any page (here a blank one of another origin): the lesson shows, framed.
  await page.setContent(`<!doctype html><html lang="en"><title>A course</title><body><h1>My course</h1>${snippet}</body></html>`);
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('lesson-step').waitFor();
  assert.equal(await frame.locator('.site-header').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [name, viewport, scheme] of [
  ['light 1024px', { width: 1024, height: 800 }, 'light'],
  ['dark 320px', { width: 320, height: 700 }, 'dark'],
]) {
  test(`axe-core finds no violations in embed mode (${name})`, async () => {
    const { context, page, problems } = await openPage({ viewport, colorScheme: scheme });
    await page.goto(`${BASE_URL}?lesson=hot-partition&step=2&embed=1`);
    await page.getByTestId('lesson-step').waitFor();
    // At phone width the map sits behind the Map tab: attached, not shown.
    await page.getByTestId('cluster-map').waitFor({ state: 'attached' });
    await page.waitForTimeout(500);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    assert.deepEqual(violations, []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow (${overflow} px)`);
    await page.screenshot({ path: `${SHOTS}/embed-${name.replace(' ', '-')}.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a scenario embeds without chrome, with only the views asked for, in the theme asked for', async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 360, height: 700 } });
  await page.goto(`${BASE_URL}?scenario=hot-partition&embed=1&views=lanes,lag&theme=dark`);
  await page.getByTestId('map-topic').filter({ hasText: 'orders · 6 partitions' }).waitFor();
  assert.equal(await page.locator('.site-header').count(), 0);
  assert.equal(await page.getByTestId('tab-records').count(), 1);
  assert.equal(await page.getByTestId('tab-lag').count(), 1);
  assert.equal(await page.getByTestId('console-input').count(), 0, 'no console: views=lanes,lag');
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (${overflow} px)`);
  assert.deepEqual(problems, []);
  await context.close();
});
