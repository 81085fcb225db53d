// End to end: the release build served on 127.0.0.1 (BASE_URL, set by scripts/e2e.sh),
// driven in headless Chromium as a learner would use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmur2, partitionForKey } from './murmur2.mjs';
import { useBrowser, openTab, SHOTS } from './browser.mjs';

const openPage = useBrowser();

async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('the murmur2 port matches Kafka UtilsTest vectors', () => {
  const enc = (s) => new TextEncoder().encode(s);
  // org.apache.kafka.common.utils.UtilsTest#testMurmur2
  assert.equal(murmur2(enc('21')), -973932308);
  assert.equal(murmur2(enc('foobar')), -790332482);
  assert.equal(murmur2(enc('a-little-bit-long-string')), -985981536);
  assert.equal(murmur2(enc('a-little-bit-longer-string')), -1486304829);
  assert.equal(murmur2(enc('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')), -58897971);
  assert.equal(murmur2(enc('abc')), 479470107);
});

test('page opens alive: example topic with lanes, no errors', async () => {
  const { context, page, problems } = await openPage();
  assert.equal(await page.title(), 'Kafka Playground');
  // The map draws the example topic's partitions, one row each.
  await page.getByTestId('cluster-map').getByTestId('map-row').nth(2).waitFor();
  assert.equal(await page.getByTestId('map-row').count(), 3);
  await openTab(page, 'records');
  await assert.doesNotReject(page.getByTestId('lanes-summary').filter({ hasText: 'orders: 3 partitions' }).waitFor());
  assert.equal(await page.locator('.lane').count(), 3);
  // The example records sit where murmur2 puts their keys.
  for (const key of ['user-1', 'user-4', 'user-8']) {
    const p = partitionForKey(key, 3);
    const chips = page.getByTestId(`lane-${p}`).locator(`[data-testid=record][data-key="${key}"]`);
    assert.ok((await chips.count()) >= 1, `${key} should be in partition ${p}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('create a topic, produce a keyed record, see it at its offset in the predicted lane', async () => {
  const { context, page, problems } = await openPage();

  // A refused name is explained inline, in words.
  await openTab(page, 'topics');
  await page.getByLabel('Topic name', { exact: true }).fill('bad name!');
  await page.getByTestId('create-topic').click();
  const topicError = page.getByTestId('topic-error');
  await topicError.waitFor();
  assert.match(await topicError.innerText(), /illegal|invalid|legal characters/i);

  // Existing topic.
  await page.getByLabel('Topic name', { exact: true }).fill('orders');
  await page.getByTestId('create-topic').click();
  await page.getByTestId('topic-error').filter({ hasText: 'already exists' }).waitFor();

  // A new topic with 3 partitions becomes the selected one, with three empty lanes.
  await page.getByLabel('Topic name', { exact: true }).fill('payments');
  await page.getByLabel('Partitions', { exact: true }).fill('3');
  await page.getByTestId('create-topic').click();
  await page.getByTestId('topic-created').filter({ hasText: 'payments' }).waitFor();
  assert.equal(await topicError.isHidden(), true);
  await openTab(page, 'records');
  await page.getByTestId('lanes-summary').filter({ hasText: 'payments: 3 partitions, 0 records' }).waitFor();
  assert.equal(await page.locator('.lane').count(), 3);
  await openTab(page, 'produce');
  assert.equal(await page.getByTestId('produce-topic').inputValue(), 'payments');

  // Produce with Enter from the value field.
  const key = 'user-42';
  const expected = partitionForKey(key, 3);
  await page.getByLabel('Key', { exact: true }).fill(key);
  await page.getByLabel('Value', { exact: true }).fill('{"amount":3}');
  await page.getByLabel('Value', { exact: true }).press('Enter');
  await page.getByTestId('last-produced').filter({ hasText: `key=${key} ` }).waitFor();
  assert.equal(
    await page.getByTestId('last-produced').innerText(),
    `Record key=${key} → partition ${expected}, offset 0`,
  );
  // The map's row for that partition now ends at offset 1.
  await page.locator(`[data-testid=map-row][data-partition="${expected}"][data-log-end="1"]`).waitFor();

  await openTab(page, 'records');
  const lane = page.getByTestId(`lane-${expected}`);
  const chip = lane.locator(`[data-testid=record][data-key="${key}"][data-offset="0"]`);
  await chip.waitFor();
  assert.match(await chip.innerText(), /0\s+user-42/);
  assert.match(await page.getByTestId(`leo-${expected}`).innerText(), /log-end offset 1/);
  // Every other lane is still empty.
  for (let p = 0; p < 3; p++) {
    if (p !== expected) assert.equal(await page.getByTestId(`lane-${p}`).getByTestId('record').count(), 0);
  }

  // The same key again: same partition, next offset.
  await openTab(page, 'produce');
  await page.getByLabel('Key', { exact: true }).fill(key);
  await page.getByTestId('produce').click();
  await page.getByTestId('last-produced').filter({ hasText: 'offset 1' }).waitFor();
  assert.equal(
    await page.getByTestId('last-produced').innerText(),
    `Record key=${key} → partition ${expected}, offset 1`,
  );

  // An explicit partition wins over the key.
  const other = (expected + 1) % 3;
  await page.getByLabel('Partition', { exact: true }).selectOption(String(other));
  await page.getByTestId('produce').click();
  await page.getByTestId('last-produced').filter({ hasText: `partition ${other}, offset 0` }).waitFor();
  await openTab(page, 'records');
  await lane.locator(`[data-testid=record][data-key="${key}"][data-offset="1"]`).waitFor();
  await page.getByTestId(`lane-${other}`).locator(`[data-testid=record][data-key="${key}"][data-offset="0"]`).waitFor();

  // A few more keys so the screenshots show colours per key.
  await openTab(page, 'produce');

  await page.getByLabel('Partition', { exact: true }).selectOption('auto');
  for (const k of ['user-7', 'user-13', 'user-42', 'user-7', 'device-a']) {
    await page.getByLabel('Key', { exact: true }).fill(k);
    await page.getByLabel('Key', { exact: true }).press('Enter');
    await page.getByTestId('last-produced').filter({ hasText: `key=${k} ` }).waitFor();
  }
  await openTab(page, 'records');
  await page.getByTestId('lanes-summary').filter({ hasText: 'payments: 3 partitions, 8 records' }).waitFor();

  assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal overflow at 1280 px');
  await page.screenshot({ path: `${SHOTS}/desktop-light.png`, fullPage: true, animations: 'disabled' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/desktop-dark.png`, fullPage: true, animations: 'disabled' });

  assert.deepEqual(problems, []);
  await context.close();
});

test('works at 375 px wide with the keyboard, without horizontal overflow', async () => {
  const { context, page, problems } = await openPage({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal overflow at 375 px');

  // Keyboard only: Tab to the dock's tab list, arrow to Produce, Tab to the key field, type, Enter.
  const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
  await page.keyboard.press('Tab'); // skip link
  let focused = '';
  for (let i = 0; i < 40 && !focused.startsWith('tab-'); i++) {
    await page.keyboard.press('Tab');
    focused = await focusedId();
  }
  assert.match(focused, /^tab-/, 'the dock tabs are reachable with Tab');
  for (let i = 0; i < 8 && focused !== 'tab-produce'; i++) {
    await page.keyboard.press('ArrowRight');
    focused = await focusedId();
  }
  assert.equal(focused, 'tab-produce', 'the arrow keys move to the Produce tab');
  assert.equal(await page.getByTestId('tab-produce').getAttribute('aria-selected'), 'true');
  for (let i = 0; i < 30 && focused !== 'produce-key'; i++) {
    await page.keyboard.press('Tab');
    focused = await focusedId();
  }
  assert.equal(focused, 'produce-key', 'the key field is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('user-1');
  await page.keyboard.press('Enter');
  const p = partitionForKey('user-1', 3);
  // The example topic already holds two user-1 records, so this one is offset 2 or later.
  await page.getByTestId('last-produced').filter({ hasText: `key=user-1 → partition ${p}` }).waitFor();

  assert.ok((await horizontalOverflow(page)) <= 0, 'still no horizontal overflow');
  await page.screenshot({ path: `${SHOTS}/phone-375.png`, fullPage: true, animations: 'disabled' });
  assert.deepEqual(problems, []);
  await context.close();
});
