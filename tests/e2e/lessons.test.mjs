// End to end: a learner completes a whole lesson from the lesson list (answering every
// question, reaching every goal with "Run it in the playground"), reloads in the middle and at
// the end, and finds the progress kept. Also: a deep link to a step, and an unknown lesson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser, BASE_URL, SHOTS } from './browser.mjs';

const openPage = useBrowser();

/** The right answers of a lesson file, per step: [{ right: [indexes] } | { accept: 'text' }]. */
function answers(file) {
  const steps = [];
  let fence = null;
  let block = null;
  for (const line of readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8').split('\n')) {
    if (fence) {
      if (line.trim() === fence) {
        if (block) steps.at(-1).push(block);
        fence = null;
        block = null;
      } else if (block) {
        const opt = line.match(/^[-*] \[([ xX])\]/);
        if (opt) {
          if (opt[1] !== ' ') block.right.push(block.options);
          block.options += 1;
        }
        const acc = line.match(/^accept:(.*)$/);
        if (acc) block.accept = acc[1].split('|')[0].trim();
      }
      continue;
    }
    const open = line.match(/^(`{3,}|~{3,})\s*(\w*)/);
    if (open) {
      fence = open[1];
      block = open[2] === 'question' ? { right: [], options: 0 } : null;
    } else if (line.startsWith('## ')) {
      steps.push([]);
    }
  }
  return steps;
}

async function answerQuestion(question, a) {
  if (a.accept !== undefined) {
    await question.locator('input[type=text]').fill(a.accept);
  } else {
    const inputs = question.locator('input');
    for (const i of a.right) await inputs.nth(i).check();
  }
  await question.getByTestId('question-check').click();
  await question.getByTestId('question-result').filter({ hasText: 'Right.' }).waitFor();
}

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
    // A wrong answer first, on the first choice question: it says so and explains.
    const firstChoice = expected[i].findIndex((a) => a.accept === undefined);
    if (firstChoice >= 0) {
      const q = questions.nth(firstChoice);
      const wrong = [...Array(8).keys()].find((k) => !expected[i][firstChoice].right.includes(k));
      await q.locator('input').nth(wrong).check();
      await q.getByTestId('question-check').click();
      await q.getByTestId('question-result').filter({ hasText: 'Not quite' }).waitFor();
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
  // The step's setup built the hot-partition world: the orders topic has 6 lanes.
  await page.getByTestId('lanes-summary').filter({ hasText: 'orders: 6 partitions' }).waitFor();
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
  assert.equal(await page.getByTestId('lanes-topic').locator('option[value="carried-over"]').count(), 0);
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
