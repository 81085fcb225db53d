// End to end: share links. A sandbox shared as a link opens, in a fresh page, as the same world
// (same offsets, assignments and lag, as kafka-consumer-groups prints them); malformed or hostile
// links each show the error view with a way to start fresh, never a blank page or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openTab, BASE_URL } from './browser.mjs';

const openPage = useBrowser();

async function consoleRun(page, line) {
  await openTab(page, 'console');
  await page.getByTestId('console-input').fill(line);
  await page.getByTestId('console-input').press('Enter');
}

/** What `--describe` prints now (the output after the last prompt line). */
async function describe(page) {
  await consoleRun(page, 'kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group order-service');
  await page.getByTestId('console-output').filter({ hasText: 'CURRENT-OFFSET' }).waitFor();
  const text = await page.getByTestId('console-output').innerText();
  return text.slice(text.lastIndexOf('--describe --group order-service'));
}

test('a shared sandbox opens as the same world', async () => {
  const { context, page, problems } = await openPage();
  await page.getByTestId('scenario-select').selectOption('hot-partition');
  await page.getByTestId('scenario-load').click();
  await page.getByTestId('time-play').click(); // pause
  await consoleRun(page, 'sim time advance 20s');
  await consoleRun(page, 'sim consumer crash order-service-2');
  await consoleRun(page, 'sim time advance 50s');
  const before = await describe(page);
  await openTab(page, 'records');
  // Topic, partitions and records written; the recent-traffic part (after ';') is measured from
  // the last seconds of history, which a link does not carry.
  const lanes = (await page.getByTestId('lanes-summary').innerText()).split(';')[0];
  // The share panel sits in the "Share" box at the top of the page.
  await page.getByTestId('share-details').locator('summary').first().click();
  await page.getByTestId('share-open').click();
  // The link is encoded after the box opens (the journal is compressed): wait for it.
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]')?.value);
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#share=1\.[A-Za-z0-9_-]+$/);
  assert.ok(link.length < 4000, `a short link (${link.length} characters)`);

  const other = await context.newPage();
  await other.goto(link);
  await other.getByTestId('cluster-map').waitFor();
  await openTab(other, 'records');
  assert.equal((await other.getByTestId('lanes-summary').innerText()).split(';')[0], lanes);
  assert.equal(await other.getByTestId('time-play').innerText().then((t) => t.includes('Play')), true, 'opens paused');
  const after = await describe(other);
  assert.equal(after, before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('malformed and hostile share links show an error with a way to start fresh', async () => {
  const { context, page, problems } = await openPage();
  const real = '1.' + Buffer.from('not a zlib stream at all').toString('base64url');
  for (const [bad, why] of [
    ['garbage', /not a share link|share link/i],
    ['2.eJwDAAAAAAE', /newer version/i],
    ['1.!!!***', /base64/i],
    [real, /damaged|compress/i],
    ['1.' + 'A'.repeat(250_000), /too long/i],
    ['1.eJyrVipOTSxKz8xLiU9JLUpVsjI0MjA1MDDUUcrMS8kvyk0FANBWCt0', /./],
  ]) {
    await page.goto('about:blank');
    await page.goto(`${BASE_URL}#share=${bad}`);
    const view = page.getByTestId('share-error');
    await view.waitFor({ timeout: 15_000 });
    assert.match(await view.innerText(), why, bad.slice(0, 40));
  }
  await page.getByTestId('share-fresh').click();
  await page.getByTestId('cluster-map').waitFor();
  assert.ok(!page.url().includes('share='), page.url());
  assert.deepEqual(problems, []);
  await context.close();
});
