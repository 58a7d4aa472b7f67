// Lessons, Predict and the glossary in the lab: each bundled lesson pack opens from the Lessons list with its
// sessions, one of its sessions runs against a seed-style Python peer (or a closed port), and a prediction is
// graded right and then wrong on what was recorded; a link opens the glossary at its entry; a first-time
// explanation shows once and not after a reload; the Korean names. Pictures in both languages and themes.
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, test } from './web-app';
import { expectNoSeriousAxe, logRow, send } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
const sidebar = (page: Page) => page.getByRole('navigation', { name: /^(Sessions|세션)$/ });
const predictPanel = (page: Page) => page.getByRole('tabpanel', { name: 'Predict' });

/** A port nothing listens on a moment later (listen on 0, note it, close). */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function openLesson(page: Page, title: RegExp, sessions: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Lab', exact: true }).click();
  await page.getByRole('tablist', { name: 'Lab tools' }).getByRole('tab', { name: 'Predict' }).click();
  await predictPanel(page).getByRole('button', { name: title }).click();
  for (const name of sessions) await expect(entryButton(page, name)).toBeVisible();
  await expect(predictPanel(page).getByText(/^Lesson open: /)).toBeVisible();
}
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A sidebar entry by its name ("#3 Client 1 closed TCP client ..."): the state word after it tells "Client" from "Client 1". */
const entryButton = (page: Page, name: string) =>
  sidebar(page).getByRole('button', { name: new RegExp(`^#\\d+ ${escape(name)} [a-z]+ (TCP|UDP) `) });

/** Picks a question, answers it and presses Start. */
async function predictAnswer(page: Page, question: string | RegExp, answer: string): Promise<void> {
  const panel = predictPanel(page);
  const picker = panel.getByRole('combobox', { name: 'Question' });
  const label = (await picker.locator('option').allTextContents()).find((o) =>
    typeof question === 'string' ? o === question : question.test(o),
  );
  await picker.selectOption({ label: label! });
  const field = panel.getByRole('combobox', { name: 'Your answer' }).or(panel.getByRole('textbox', { name: 'Your answer' }));
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(answer);
  else await field.fill(answer);
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(panel.getByText(/^Recording from here/)).toBeVisible();
}

async function checkGraded(page: Page, verdict: 'Correct!' | 'Not quite.', actual: string | RegExp): Promise<void> {
  const panel = predictPanel(page);
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  const result = panel.getByRole('status', { name: verdict });
  await expect(result).toBeVisible();
  await expect(result).toContainText(actual);
  await result.scrollIntoViewIfNeeded();
}

async function selectSession(page: Page, name: string): Promise<void> {
  await entryButton(page, name).click();
}

test('lesson 1 opens with its four sessions; Client 1 talks to the seed "ACK : " server and the predictions are graded', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const server = await startServer('tcp_ack_server');
  await page.goto(app.url);
  await openLesson(page, /^Open lesson: Lesson 1/, ['ACK server', 'Echo server', 'Client 1', 'Client 2']);
  // Opening never opens a socket: the lesson's sessions are closed until a person opens them.
  await expect(sidebar(page)).not.toContainText('connected');
  await page.screenshot({ path: shot('lessons-list-en-light') });

  await selectSession(page, 'Client 1');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(server.port));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();

  await predictAnswer(page, /What does Client 1's recv\(\) return/, 'ACK : hello');
  await send(page, 'hello');
  await expect(logRow(page, 'in', 'ACK : hello')).toBeVisible();
  await checkGraded(page, 'Correct!', 'The first recv() returned "ACK : hello".');
  await page.screenshot({ path: shot('predict-correct-en-light') });
  await expectNoSeriousAxe(page, '#lab-pane [role="tabpanel"]');

  await predictPanel(page).getByRole('button', { name: 'Ask again' }).click();
  await predictAnswer(page, /How many data events \(in\) does Client 1 see/, '2');
  await send(page, 'again');
  await expect(logRow(page, 'in', 'ACK : again')).toBeVisible();
  await checkGraded(page, 'Not quite.', 'The session saw 1 data event in (1 out).');
  // The result links its glossary entry: the glossary opens there, the entry marked.
  await predictPanel(page)
    .getByRole('button', { name: /^Glossary: / })
    .click();
  const glossary = page.getByRole('tabpanel', { name: 'Glossary' });
  const entry = glossary.getByRole('region', { name: 'Send — send(), sendall(), sendto()' });
  await expect(entry).toHaveAttribute('aria-current', 'true');
  await expect(entry).toBeInViewport();
});

test('lesson 2: the UDP socket gets one datagram back from the seed 004 server, predicted right then wrong', async ({ page, app }) => {
  test.setTimeout(60_000);
  const server = await startServer('udp_hello_server');
  await page.goto(app.url);
  await openLesson(page, /^Open lesson: Lesson 2/, ['TCP client', 'UDP socket', 'UDP socket (30% loss, simulated)']);
  await selectSession(page, 'UDP socket');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));

  await predictAnswer(page, /^The UDP socket sends one/, '1');
  await send(page, 'Hello, UDP Server!');
  await expect(logRow(page, 'in', 'Hello, UDP Client!')).toBeVisible();
  await checkGraded(page, 'Correct!', '1 datagram arrived (1 sent).');

  await predictPanel(page).getByRole('button', { name: 'Ask again' }).click();
  await predictAnswer(page, /^The UDP socket sends one/, '0');
  await send(page, 'Hello, UDP Server!');
  await expect(logRow(page, 'in', 'Hello, UDP Client!').nth(1)).toBeVisible();
  await checkGraded(page, 'Not quite.', '1 datagram arrived (1 sent).');
});

test('lesson 2: the lossy UDP socket opens with its simulated problems, and the replies counted are the ones that came', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const server = await startServer('udp_hello_server');
  await page.goto(app.url);
  await openLesson(page, /^Open lesson: Lesson 2/, ['UDP socket (30% loss, simulated)']);
  await selectSession(page, 'UDP socket (30% loss, simulated)');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  // The pack's impair went with the open: the log says so and wears the badge.
  await expect(page.getByText('Simulated by Socket Lab').first()).toBeVisible();
  await expect(page.getByText(/simulated by Socket Lab on this socket .*loss=30%/i).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));

  await predictAnswer(page, /^The lossy UDP socket sends three/, '3');
  for (let i = 0; i < 3; i++) await send(page, 'Hello, UDP Server!');
  // Replies come back within a moment or never: then count what the log shows.
  await page.waitForTimeout(1000);
  const replies = await logRow(page, 'in', 'Hello, UDP Client!').count();
  expect(replies).toBeLessThanOrEqual(3);
  // Seed 7 drops one of the three on its way out: the grader counts what really went and came.
  await expect(page.getByText(/outgoing datagram #\d+ .* dropped/).first()).toBeVisible();
  await checkGraded(page, replies === 3 ? 'Correct!' : 'Not quite.', new RegExp(`^.*${replies} datagrams? arrived \\(\\d sent\\)`));
});

test('lesson 3: a client to a closed port is refused, predicted right then wrong', async ({ page, app }) => {
  test.setTimeout(60_000);
  const port = await closedPort();
  await page.goto(app.url);
  await openLesson(page, /^Open lesson: Lesson 3/, ['Server', 'Client', 'Client to a closed port']);
  await selectSession(page, 'Client to a closed port');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));

  await predictAnswer(page, /^This client connects to a port where nothing listens/, 'ECONNREFUSED');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'connection refused' })).toBeVisible();
  await checkGraded(page, 'Correct!', 'The error: ECONNREFUSED (refused).');

  await predictPanel(page).getByRole('button', { name: 'Ask again' }).click();
  await predictAnswer(page, /^This client connects to a port where nothing listens/, 'none');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await checkGraded(page, 'Not quite.', 'The error: ECONNREFUSED (refused).');
  await page.screenshot({ path: shot('predict-wrong-en-light') });
});

test('a first-time explanation shows once: two lines in one TCP read, explained, and not again after a reload', async ({ page, app }) => {
  test.setTimeout(60_000);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-server');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
  // A client outside the window writes two lines at once: one read holds both.
  const client = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  client.write('first line\nsecond line\n');
  const note = page.getByRole('region', { name: 'Explanation' });
  await expect(note).toContainText('Several lines in one read');
  await expect(note).toContainText('This TCP read holds 2 lines');
  await page.screenshot({ path: shot('first-time-en-light') });
  // "Why?" opens the glossary at the entry on message boundaries.
  await note.getByRole('button', { name: 'Why?' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Glossary' }).getByRole('region', { name: 'Message boundaries' })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await page.screenshot({ path: shot('glossary-entry-en-light') });
  await note.getByRole('button', { name: 'Dismiss explanation' }).click();
  await expect(note).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  client.write('third line\nfourth line\n');
  await expect(logRow(page, 'in', 'third line')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Explanation' })).toHaveCount(0);

  // "Show explanations again" in the glossary: the next such read is explained again. The lab is opened again
  // if the reload came before its kept state was saved (saving waits for a pause).
  const lab = page.getByRole('button', { name: 'Lab', exact: true });
  await expect(lab).toBeEnabled();
  if ((await lab.getAttribute('aria-expanded')) === 'false') await lab.click();
  await page.getByRole('tablist', { name: 'Lab tools' }).getByRole('tab', { name: 'Glossary' }).click();
  await page.getByRole('tabpanel', { name: 'Glossary' }).getByRole('button', { name: 'Show explanations again' }).click();
  client.write('fifth line\nsixth line\n');
  await expect(page.getByRole('region', { name: 'Explanation' })).toContainText('Several lines in one read');
  client.destroy();
});

test('a datagram nobody answers is explained: UDP never confirms delivery', async ({ page, app }) => {
  const port = await new Promise<number>((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => {
      const { port: free } = socket.address();
      socket.close(() => resolve(free));
    });
  });
  await page.goto(app.url);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(port));
  await send(page, 'anyone there?');
  const note = page.getByRole('region', { name: 'Explanation' });
  await expect(note).toContainText('Sent, but did anything arrive?');
  await expect(note).toContainText(`This datagram to 127.0.0.1:${port} got no answer. UDP never confirms delivery`);
  await expect(note.getByRole('button', { name: 'Show in Stream vs datagram' })).toBeVisible();
  await page.screenshot({ path: shot('first-time-udp-en-light') });
});

test('the glossary searches, and its Show buttons open the tool', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Lab', exact: true }).click();
  await page.getByRole('tablist', { name: 'Lab tools' }).getByRole('tab', { name: 'Glossary' }).click();
  const glossary = page.getByRole('tabpanel', { name: 'Glossary' });
  await expect(glossary.getByRole('heading', { level: 3 })).toHaveCount(22);
  await glossary.getByRole('searchbox', { name: 'Search the glossary' }).fill('TIME_WAIT');
  await expect(glossary.getByRole('heading', { level: 3 })).toHaveText(['TIME_WAIT']);
  await glossary.getByRole('searchbox', { name: 'Search the glossary' }).fill('RST');
  const rst = glossary.getByRole('region', { name: 'RST (reset)' });
  await expectNoSeriousAxe(page, '#lab-pane [role="tabpanel"]');
  await rst.getByRole('button', { name: 'Show in Close and abort' }).click();
  await expect(page.getByRole('tab', { name: 'Close and abort' })).toHaveAttribute('aria-selected', 'true');
});

test('in Korean, light and dark: the lessons, Predict and the glossary', async ({ browser, app }) => {
  test.setTimeout(60_000);
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme, locale: 'ko-KR' });
    const page = await context.newPage();
    try {
      await page.goto(app.url);
      const lab = page.getByRole('button', { name: '실습', exact: true });
      // The lab stays open from the first round (the same kept settings).
      await expect(lab).toBeEnabled();
      if ((await lab.getAttribute('aria-expanded')) === 'false') await lab.click();
      const tabs = page.getByRole('tablist', { name: '실습 도구' });
      await tabs.getByRole('tab', { name: '예측' }).click();
      const panel = page.getByRole('tabpanel', { name: '예측' });
      await expect(panel.getByRole('heading', { name: '수업 자료' })).toBeVisible();
      await panel.getByRole('button', { name: /^수업 열기: 수업 3/ }).click();
      await expect(panel.getByText(/^열린 수업: 수업 3/)).toBeVisible();
      // The pack's sessions as the lesson names them in Korean.
      await expect(page.getByRole('navigation', { name: '세션' }).getByText('닫힌 포트로 가는 클라이언트')).toBeVisible();
      // ...and its collection and saved message: shown in Korean, the file's names kept as the keys.
      const collection = page.getByRole('combobox', { name: '모음' });
      await expect(collection).toHaveValue('Lesson 3');
      await expect(collection.locator('option:checked')).toHaveText('수업 3');
      await expect(page.getByRole('list', { name: '저장된 메시지' }).getByText('인사(hello)', { exact: true })).toBeVisible();
      await expect(panel.getByRole('combobox', { name: '질문' })).toBeVisible();
      await expect(panel.getByRole('combobox', { name: '내 답' })).toBeVisible();
      await expect(panel.getByRole('button', { name: '시작', exact: true })).toBeDisabled();
      await page.screenshot({ path: shot(`lessons-ko-${colorScheme}`) });
      await tabs.getByRole('tab', { name: '용어집' }).click();
      const glossary = page.getByRole('tabpanel', { name: '용어집' });
      await expect(glossary.getByRole('heading', { name: '연결 수락(accept) — accept()' })).toBeVisible();
      await expect(glossary.getByRole('heading', { name: '데이터의 경계 (message boundaries)' })).toBeVisible();
      await expect(glossary.getByRole('button', { name: '설명 다시 보기' })).toBeVisible();
      await glossary.getByRole('searchbox', { name: '용어집 검색' }).fill('바인드');
      await expect(glossary.getByRole('heading', { level: 3 }).first()).toHaveText('바인드(bind) — bind()');
      await page.screenshot({ path: shot(`glossary-ko-${colorScheme}`) });
      if (colorScheme === 'dark') {
        // A prediction graded in Korean: the lesson's client to a closed port.
        await tabs.getByRole('tab', { name: '예측' }).click();
        await page.getByRole('textbox', { name: '포트', exact: true }).fill(String(await closedPort()));
        await panel.getByRole('combobox', { name: '내 답' }).selectOption('ECONNREFUSED');
        await panel.getByRole('button', { name: '시작', exact: true }).click();
        await page.getByRole('button', { name: '연결', exact: true }).click();
        await panel.getByRole('button', { name: '확인', exact: true }).click();
        const result = panel.getByRole('status', { name: '맞았습니다!' });
        await expect(result).toContainText('오류: ECONNREFUSED (연결 거부).');
        await result.scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot('predict-correct-ko-dark') });
        // A first-time explanation in Korean: a datagram nobody answers.
        await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
        await page.getByRole('combobox', { name: '프로토콜' }).selectOption('udp');
        await page.getByRole('textbox', { name: '포트', exact: true }).fill('0');
        await page.getByRole('button', { name: '열기', exact: true }).click();
        await page.getByRole('textbox', { name: '목적지 호스트' }).fill('127.0.0.1');
        await page.getByRole('textbox', { name: '목적지 포트' }).fill(String(await closedPort()));
        await page.getByRole('textbox', { name: '메시지' }).fill('누구 있어요?');
        await page.getByRole('button', { name: '보내기', exact: true }).click();
        await expect(page.getByRole('region', { name: '설명' })).toContainText('보냈는데, 도착했을까요?');
        await page.screenshot({ path: shot('first-time-ko-dark') });
        await page.getByRole('combobox', { name: /언어|Language/ }).selectOption('en');
        await page.getByRole('tablist', { name: 'Lab tools' }).getByRole('tab', { name: 'Predict' }).click();
        await page.screenshot({ path: shot('lessons-en-dark') });
      }
    } finally {
      await context.close();
    }
  }
});
