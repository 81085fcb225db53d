// End to end: a learner completes a whole lesson from the lesson list (answering every
// question, reaching every goal with "Run it in the playground"), reloads in the middle and at
// the end, and finds the progress kept. Also: a deep link to a step, and an unknown lesson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useBrowser, openTab, BASE_URL, SHOTS } from './browser.mjs';
import { answers, answerQuestion } from './lesson_answers.mjs';

const openPage = useBrowser();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test('a learner completes a lesson step by step, and the progress survives reloads', async () => {
  const { context, page, problems } = await openPage();
  const file = 'first-producer-consumer.md';
  const expected = answers(file);
  await page.getByTestId('nav-lessons').click();
  const card = page.getByTestId('lesson-card').first();
  await card.getByTestId('lesson-card-progress').filter({ hasText: `0 of ${expected.length} steps done` }).waitFor();
  await card.getByTestId('lesson-start').click();
  assert.match(page.url(), /\?lesson=first-producer-consumer&step=1$/);

  for (let i = 0; i < expected.length; i++) {
    const step = page.getByTestId('lesson-step');
    await step.locator('.lesson__count').filter({ hasText: `Step ${i + 1} of ${expected.length}` }).waitFor();
    const questions = step.getByTestId('question');
    assert.equal(await questions.count(), expected[i].length, `step ${i + 1}: questions`);
    // A wrong answer first, on the first choice question: it says so, but does not give the
    // answer away; the explanation comes on request (tried on the first step).
    const firstChoice = expected[i].findIndex((a) => a.accept === undefined);
    if (firstChoice >= 0) {
      const q = questions.nth(firstChoice);
      const wrong = [...Array(8).keys()].find((k) => !expected[i][firstChoice].right.includes(k));
      await q.locator('input').nth(wrong).check();
      await q.getByTestId('question-check').click();
      const result = q.getByTestId('question-result');
      await result.filter({ hasText: 'Not quite. Think it over and try again.' }).waitFor();
      assert.equal(await result.locator(':scope > :not(.question__verdict):not([data-testid=question-reveal])').count(), 0,
        `step ${i + 1}: no explanation after the first wrong try`);
      assert.equal(await q.getByTestId('question-reveal').count(), 1, `step ${i + 1}: a "Show the answer" button`);
      if (i === 0) {
        await q.getByTestId('question-reveal').click();
        await result.filter({ hasText: 'Not quite. Here is the answer and why.' }).waitFor();
        assert.ok((await result.locator(':scope > :not(.question__verdict)').count()) > 0, 'the explanation shows on request');
        assert.equal(await q.getByTestId('question-reveal').count(), 0);
      }
      if (expected[i][firstChoice].right.length > 1 || (await q.locator('input[type=checkbox]').count()) > 0) {
        await q.locator('input').nth(wrong).uncheck();
      }
    }
    for (let k = 0; k < expected[i].length; k++) await answerQuestion(questions.nth(k), expected[i][k]);
    const goals = step.getByTestId('goal');
    for (let k = 0; k < (await goals.count()); k++) {
      const goal = goals.nth(k);
      await goal.locator('summary').click();
      await goal.getByTestId('goal-solve').click();
      await goal.getByTestId('goal-status').filter({ hasText: 'Met.' }).waitFor({ timeout: 20_000 });
    }
    if (expected[i].length + (await goals.count()) > 0) await step.getByTestId('step-done').waitFor();
    if (i === 2) {
      // Reload in the middle: same step, same progress, earlier answers kept.
      await page.getByTestId('lesson-next').click();
      await page.waitForURL(/step=4$/);
      await page.reload();
      await page.getByTestId('lesson-step').locator('.lesson__count').filter({ hasText: 'Step 4 of' }).waitFor();
      assert.equal(await page.getByTestId('lesson-progress').innerText(), `3 of ${expected.length} steps done`);
      await page.locator('.lesson__dots a').first().click();
      await page.waitForURL(/step=1$/);
      const first = page.getByTestId('lesson-step').getByTestId('question').first();
      await first.getByTestId('question-result').filter({ hasText: 'Right.' }).waitFor();
      await page.goBack();
      await page.waitForURL(/step=4$/);
      continue;
    }
    await page.getByTestId('lesson-next').click();
  }
  // "Finish lesson" leads back to the list, where the lesson reads finished, after a reload too.
  await page.waitForURL(/\?page=lessons$/);
  await card.getByTestId('lesson-card-progress').filter({ hasText: 'Finished' }).waitFor();
  await page.reload();
  await page.getByTestId('lesson-card').first().getByTestId('lesson-card-progress').filter({ hasText: 'Finished' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/lessons-finished.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deep link opens its step with the step playground; an unknown lesson says so', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${BASE_URL}?lesson=hot-partition&step=2`);
  const step = page.getByTestId('lesson-step');
  await step.locator('.lesson__count').filter({ hasText: 'Step 2 of' }).waitFor();
  // The step's setup built the hot-partition world: the map shows the orders topic's 6 partitions.
  await page.getByTestId('map-topic').filter({ hasText: 'orders · 6 partitions' }).waitFor();
  assert.equal(await page.getByTestId('map-row').count(), 6);
  // The hints come one at a time.
  const hint = step.getByTestId('lesson-hint');
  const before = await step.locator('.lesson__hint').count();
  await hint.click();
  assert.equal(await step.locator('.lesson__hint').count(), before + 1);
  await page.screenshot({ path: `${SHOTS}/lesson-deep-link.png` });
  await page.goto(`${BASE_URL}?lesson=no-such-lesson&step=3`);
  await page.getByTestId('lesson-missing').filter({ hasText: "There is no lesson called 'no-such-lesson'" }).waitFor();
  await page.goto(`${BASE_URL}?lesson=hot-partition&step=999`);
  await step.locator('.lesson__count').filter({ hasText: 'Step 9 of 9' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('moving on to a step without a setup keeps the playground; a step with one rebuilds it', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${BASE_URL}?lesson=topics-partitions-offsets&step=1`);
  await page.getByTestId('lesson-step').locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();
  const run = async (line) => {
    await page.getByTestId('console-input').fill(line);
    await page.getByTestId('console-input').press('Enter');
  };
  await run('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic carried-over --partitions 1');
  await page.getByTestId('console-output').filter({ hasText: 'Created topic carried-over.' }).waitFor();
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-step').locator('.lesson__count').filter({ hasText: 'Step 2 of' }).waitFor();
  await run('kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic carried-over');
  await page.getByTestId('console-output').filter({ hasText: 'Topic: carried-over' }).waitFor();
  // Back to step 1: its setup builds a fresh playground, without the learner's topic.
  await page.getByTestId('lesson-prev').click();
  await page.getByTestId('lesson-step').locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();
  await page.getByTestId('map-row').first().waitFor();
  assert.equal(await page.getByTestId('map-topic-select').locator('option[value="carried-over"]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('progress exports to a file, resets, and imports back; a bad file is refused with a reason', async () => {
  const { context, page, problems } = await openPage();
  // Some progress: answer the first question of the first lesson right.
  const expected = answers('first-producer-consumer.md');
  await page.goto(`${BASE_URL}?lesson=first-producer-consumer&step=1`);
  const first = page.getByTestId('lesson-step').getByTestId('question').first();
  await answerQuestion(first, expected[0][0]);
  await page.getByTestId('nav-lessons').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  const saved = readFileSync(await download.path(), 'utf8');
  const json = JSON.parse(saved);
  assert.equal(json.version, 1);
  assert.ok(json.lessons['first-producer-consumer'].passed.includes('s1-q1'), saved);
  // Reset clears it (after a confirmation).
  await page.getByRole('button', { name: 'Reset all progress' }).click();
  await page.getByTestId('progress-reset').click();
  await page.getByRole('status').filter({ hasText: 'All progress was cleared.' }).waitFor();
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('kafka-playground.progress'))).lessons['first-producer-consumer'], undefined);
  // A file that is not progress is refused, and nothing changes.
  await page.getByTestId('progress-import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
  await page.getByRole('status').filter({ hasText: 'Nothing was imported. This is not a progress file (it has no version).' }).waitFor();
  // The exported file brings it back.
  await page.getByTestId('progress-import').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
  await page.getByRole('status').filter({ hasText: 'Progress imported.' }).waitFor();
  await page.goto(`${BASE_URL}?lesson=first-producer-consumer&step=1`);
  await page.getByTestId('lesson-step').getByTestId('question').first().getByTestId('question-result').filter({ hasText: 'Right.' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Run in console" types a code block into the console; "Next step" starts at the title; the Scenario menu names the lesson world', async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${BASE_URL}?lesson=first-producer-consumer&step=1`);
  const step = page.getByTestId('lesson-step');
  await step.locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();

  // The current step's dot is readable: its text colour differs from its background.
  const dot = page.locator('.lesson__dot--current a');
  assert.equal(await dot.count(), 1);
  const { color, background } = await dot.evaluate((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor }));
  assert.notEqual(color, background, `the current dot's text (${color}) stands out from its background (${background})`);

  // With another tab shown, "Run in console" brings the console back and types the command.
  await page.getByTestId('tab-records').click();
  await page.getByTestId('lanes-summary').waitFor();
  await step.getByTestId('code-run').first().click();
  assert.equal(await page.getByTestId('tab-console').getAttribute('aria-selected'), 'true', 'the console tab is shown');
  const output = page.getByTestId('console-output');
  await output.filter({ hasText: '$ kafka-console-producer.sh --bootstrap-server localhost:9092 --topic user-events' }).waitFor();
  // Its output follows: the console producer waits for records, and takes the ones typed.
  await page.getByTestId('console-input').fill('user-1:{"eventType":"USER_CREATED"}');
  await page.getByTestId('console-input').press('Enter');
  await page.getByTestId('console-eof').click();
  await page.getByTestId('tab-records').click();
  await page.getByTestId('lanes-summary').filter({ hasText: 'user-events: 3 partitions, 1 record' }).waitFor();
  await page.getByTestId('tab-console').click();
  const lines = await output.innerText();
  const typed = lines.indexOf('$ kafka-console-producer.sh');
  assert.ok(typed >= 0 && lines.indexOf('user-1:{"eventType":"USER_CREATED"}', typed) > typed, `the record line follows the command:\n${lines}`);

  // Scrolled down to the end of a step, "Next step" starts the next one at its title.
  const column = page.locator('.lesson');
  await column.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  assert.ok((await column.evaluate((el) => el.scrollTop)) > 0, 'the step column scrolls at 800 px high');
  await page.getByTestId('lesson-next').click();
  await step.locator('.lesson__count').filter({ hasText: 'Step 2 of' }).waitFor();
  assert.equal(await column.evaluate((el) => el.scrollTop), 0, 'the new step starts at the top of the column');
  const title = await step.locator('.lesson__step-title').boundingBox();
  assert.ok(title && title.y >= 0 && title.y < 800, `the step title is on screen (${title?.y})`);

  // The playground opened after a lesson step holds the learner's world, named in the Scenario
  // menu: step 2's setup wrote six events.
  await page.getByTestId('nav-playground').click();
  await page.getByTestId('scenario-select').waitFor();
  assert.equal(await page.getByTestId('scenario-select').inputValue(), '');
  assert.equal(await page.getByTestId('scenario-other').textContent(), 'Now: Your first producer and consumer, step 2');
  await openTab(page, 'records');
  await page.getByTestId('lanes-summary').filter({ hasText: 'user-events: 3 partitions, 6 records' }).waitFor();
  // One more record from the console, then Reset goes back to the start of that world (the
  // step's setup), not to the example scenario.
  await openTab(page, 'console');
  await page.getByTestId('console-input').fill('kafka-console-producer.sh --bootstrap-server localhost:9092 --topic user-events');
  await page.getByTestId('console-input').press('Enter');
  await page.getByTestId('console-input').fill('user-2:{"eventType":"USER_CREATED"}');
  await page.getByTestId('console-input').press('Enter');
  await page.getByTestId('console-eof').click();
  await openTab(page, 'records');
  await page.getByTestId('lanes-summary').filter({ hasText: 'user-events: 3 partitions, 7 records' }).waitFor();
  await page.getByTestId('time-reset').click();
  await page.getByTestId('lanes-summary').filter({ hasText: 'user-events: 3 partitions, 6 records' }).waitFor();
  assert.match(await page.getByTestId('scenario-other').textContent(), /^Now: Your first producer and consumer/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at phone width "Run in console" switches to the Console tab', async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  await page.goto(`${BASE_URL}?lesson=first-producer-consumer&step=1`);
  const step = page.getByTestId('lesson-step');
  await step.locator('.lesson__count').filter({ hasText: 'Step 1 of' }).waitFor();
  assert.equal(await page.getByTestId('mtab-step').getAttribute('aria-selected'), 'true');
  await step.getByTestId('code-run').first().click();
  assert.equal(await page.getByTestId('mtab-console').getAttribute('aria-selected'), 'true');
  await page.getByTestId('console-output').filter({ hasText: '$ kafka-console-producer.sh' }).waitFor();
  const box = await page.getByTestId('console-input').boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `the console prompt is on screen (${box?.y})`);
  assert.deepEqual(problems, []);
  await context.close();
});

// An author's own lesson file, chosen with the file picker or dropped on the lesson list.
const OWN = `---
id: drop-demo
title: My own lesson
summary: Dropped.
minutes: 5
---

## Make a topic of your own

Create **orders**. <img src="x" onerror="window.__pwned = true"> stays text, and
[this link](javascript:window.__pwned=true) is no link.

\`\`\`setup
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2
\`\`\`

\`\`\`goal
goal: Make four partitions.
check: partitions(orders) >= 4
\`\`\`

\`\`\`solution
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 4
\`\`\`
`;

test('a lesson file of your own plays at once; a bad one names its file and line', async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 } });
  await page.getByTestId('nav-lessons').click();
  const drop = page.getByTestId('lesson-drop');
  await drop.getByRole('heading', { name: 'Try your own lesson file' }).waitFor();
  await drop.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/lesson-drop.png` });

  // A bad file: the error names the file and the line, and nothing opens.
  await page.getByTestId('lesson-file').setInputFiles({ name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(OWN.replace('minutes: 5', 'minutes: soon')) });
  const errors = page.getByTestId('lesson-drop-errors');
  await errors.locator('li').filter({ hasText: "broken.md, line 5: minutes must be a whole number, not 'soon'" }).waitFor();
  assert.equal(await errors.getAttribute('role'), 'alert', 'the errors are announced');
  assert.match(page.url(), /\?page=lessons$/);

  // Dropped (a drop event carrying the file), a file without front matter says so.
  await page.getByTestId('lesson-drop-zone').evaluate((zone) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['# Just notes'], 'notes.md', { type: 'text/markdown' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await errors.locator('li').filter({ hasText: 'notes.md, line 1: a lesson starts with front matter' }).waitFor();
  // The list with the drop zone and its errors has no accessibility violation.
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
  assert.deepEqual(violations, [], 'axe-core');

  // A good file opens at once in the lesson page, its first step shown and playable.
  await page.getByTestId('lesson-file').setInputFiles({ name: 'my-lesson.md', mimeType: 'text/markdown', buffer: Buffer.from(OWN) });
  const step = page.getByTestId('lesson-step');
  await step.locator('#step-title').filter({ hasText: 'Make a topic of your own' }).waitFor();
  assert.match(page.url(), /\?lesson=local%3Adrop-demo&step=1$/);
  assert.equal(await page.locator('#lesson-title').textContent(), 'My own lesson');
  // Its raw HTML is text, never an element.
  assert.equal(await step.locator('img').count(), 0);
  assert.equal(await step.locator('a[href^="javascript"]').count(), 0);
  assert.ok((await step.innerText()).includes('<img src="x"'), 'the raw HTML shows as text');
  const goal = step.getByTestId('goal');
  await goal.locator('summary').click();
  await goal.getByTestId('goal-solve').click();
  await goal.getByTestId('goal-status').filter({ hasText: 'Met.' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // Its progress is kept under its local id, apart from any shipped lesson's.
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('kafka-playground.progress')));
  assert.ok(saved.lessons['local:drop-demo'], JSON.stringify(saved));
  assert.equal(saved.lessons['drop-demo'], undefined);

  // Back on the list it is listed; after a reload it is gone, and its address says why.
  await page.getByRole('link', { name: 'All lessons' }).click();
  await page.getByTestId('local-lesson-card').filter({ hasText: 'From my-lesson.md' }).waitFor();
  await page.goto(`${BASE_URL}?lesson=local:drop-demo&step=1`);
  await page.getByTestId('lesson-missing').filter({ hasText: 'opened from a file on your computer' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
