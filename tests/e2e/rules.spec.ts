// The Rules table of a window-run server: build two rules, test them on a sample, let a Python peer
// send and watch the hit counts rise, reorder and see the other rule answer; a bad rule said at its row.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-app';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { openSession } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

/** Adds a rule at the end of the table and fills it (row numbers count from 1). */
async function addRule(page: Page, n: number, match: [string, string], reply: [string, string], words = english): Promise<void> {
  await page.getByRole('button', { name: words.add, exact: true }).click();
  await page.getByRole('combobox', { name: words.matchKind(n) }).selectOption(match[0]);
  await page.getByRole('textbox', { name: words.matchValue(n) }).fill(match[1]);
  await page.getByRole('combobox', { name: words.replyKind(n) }).selectOption(reply[0]);
  if (reply[1] !== '') await page.getByRole('textbox', { name: words.replyValue(n) }).fill(reply[1]);
}

const english = {
  add: 'Add rule',
  matchKind: (n: number) => `Match kind, rule ${n}`,
  matchValue: (n: number) => `Match text, rule ${n}`,
  replyKind: (n: number) => `Reply kind, rule ${n}`,
  replyValue: (n: number) => `Reply text, rule ${n}`,
};
const korean = {
  add: '규칙 추가',
  matchKind: (n: number) => `일치 종류, 규칙 ${n}`,
  matchValue: (n: number) => `일치 텍스트, 규칙 ${n}`,
  replyKind: (n: number) => `응답 종류, 규칙 ${n}`,
  replyValue: (n: number) => `응답 텍스트, 규칙 ${n}`,
};

test('two rules built in the table answer a peer, hits rise, and reordering changes which one answers', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  // Beside the auto-reply, under Advanced options, folded until asked for.
  await page.getByText('Advanced options').click();
  await page.getByText('Rules', { exact: true }).click();
  const table = page.getByRole('table', { name: 'Rules' });
  await expect(table).toBeVisible();
  await addRule(page, 1, ['prefix', 'PING'], ['fixed', 'PONG']);
  await addRule(page, 2, ['contains', 'PI'], ['upper', '']);

  // Tested on a sample before anything is applied.
  await page.getByRole('textbox', { name: 'Sample message' }).fill('PING 1');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Test' })).toHaveText('Rule 1 answers: PONG (4 bytes: 50 4F 4E 47)');
  await page.getByRole('textbox', { name: 'Sample message' }).fill('nothing');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Test' })).toHaveText('No rule matches and the auto-reply is off: nothing is sent.');

  await page.getByRole('button', { name: 'Apply rules' }).click();
  await expect(page.getByText('Rules applied.')).toBeVisible();
  const first = await runClient('tcp_line_client', ['127.0.0.1', String(port), 'PING x', 'a PIe']);
  expect(first.lines).toEqual(['REPLY PONG', 'REPLY A PIE']);
  await expect(table.getByTestId('rule-hits-1')).toHaveText('1');
  await expect(table.getByTestId('rule-hits-2')).toHaveText('1');

  // Rule 2 moved up: "contains PI" now answers PING too.
  await page.getByRole('button', { name: 'Move rule 2 up' }).click();
  await expect(page.getByRole('textbox', { name: 'Match text, rule 1' })).toHaveValue('PI');
  await page.getByRole('button', { name: 'Apply rules' }).click();
  // Applied: the new list's hit counts start again from 0 (then the peer may send).
  await expect(table.getByTestId('rule-hits-1')).toHaveText('0');
  await expect(table.getByTestId('rule-hits-2')).toHaveText('0');
  const second = await runClient('tcp_line_client', ['127.0.0.1', String(port), 'PING y']);
  expect(second.lines).toEqual(['REPLY PING Y']);
  await expect(table.getByTestId('rule-hits-1')).toHaveText('1');
  await expect(table.getByTestId('rule-hits-2')).toHaveText('0');
  await page.screenshot({ path: shot('rules-en-light') });

  // A bad rule is said at its row, in the part it concerns.
  await page.getByRole('textbox', { name: 'Match text, rule 2' }).fill('');
  await page.getByRole('combobox', { name: 'Match kind, rule 2' }).selectOption('regex');
  await page.getByRole('textbox', { name: 'Match text, rule 2' }).fill('(');
  await page.getByRole('button', { name: 'Apply rules' }).click();
  await expect(table.getByRole('alert')).toHaveText(/^Rule 2: \/\(\/ is not a valid regular expression/);
  await expect(page.getByRole('textbox', { name: 'Match text, rule 2' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Remove rule 2' }).click();
  await expect(page.getByRole('textbox', { name: 'Match text, rule 2' })).toHaveCount(0);
});

for (const { scheme, locale, words, name, title } of [
  { scheme: 'dark' as const, locale: 'en-US', words: english, name: 'rules-en-dark', title: 'Rules' },
  { scheme: 'light' as const, locale: 'ko-KR', words: korean, name: 'rules-ko-light', title: '규칙' },
  { scheme: 'dark' as const, locale: 'ko-KR', words: korean, name: 'rules-ko-dark', title: '규칙' },
]) {
  test(`the Rules table in ${locale}, ${scheme}`, async ({ browser, app }) => {
    const context = await browser.newContext({ colorScheme: scheme, locale });
    const page = await context.newPage();
    await page.goto(app.url);
    const ko = locale === 'ko-KR';
    await page.getByRole('button', { name: ko ? '새로 만들기' : 'New', exact: true }).click();
    await page.getByRole('combobox', { name: ko ? '프로토콜' : 'Protocol' }).selectOption('tcp-server');
    await page.getByRole('textbox', { name: ko ? '포트' : 'Port', exact: true }).fill('0');
    await page.getByRole('button', { name: ko ? '대기 시작' : 'Listen', exact: true }).click();
    // Listening first: the form is drawn anew for the open session, with the open session's table.
    await expect(page.getByRole('button', { name: ko ? '중지' : 'Stop', exact: true })).toBeVisible();
    await page.getByText(ko ? '고급 옵션' : 'Advanced options').click();
    await page.getByText(title, { exact: true }).click();
    await expect(page.getByRole('table', { name: title })).toBeVisible();
    await addRule(page, 1, ['prefix', 'PING'], ['fixed', 'PONG\\r\\n'], words);
    await addRule(page, 2, ['regex', '^GET (\\S+)'], ['prefix', '200 $1 '], words);
    await page.getByRole('button', { name: ko ? '규칙 적용' : 'Apply rules' }).click();
    await page.getByRole('textbox', { name: ko ? '예시 메시지' : 'Sample message' }).fill('GET /index.html');
    await page.getByRole('button', { name: ko ? '시험' : 'Test', exact: true }).click();
    await expect(page.getByRole('status', { name: ko ? '시험' : 'Test' })).toContainText(ko ? '2번 규칙이 답합니다' : 'Rule 2 answers');
    await page.screenshot({ path: shot(name) });
    await context.close();
  });
}
