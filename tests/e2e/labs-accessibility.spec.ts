// axe on the Close and abort and Stream vs datagram labs after a run, in light and dark: no serious or
// critical finding inside their panels (contrast of the write colours, names of every control).
import { expect, test } from './web-app';
import { expectNoSeriousAxe } from './window';

test.describe.configure({ timeout: 60_000 });

test('the two labs pass axe after a run', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Lab', exact: true }).click();
  const tabs = page.getByRole('tablist', { name: 'Lab tools' });
  await tabs.getByRole('tab', { name: 'Close and abort' }).click();
  const close = page.getByRole('tabpanel', { name: 'Close and abort' });
  await close.getByRole('button', { name: 'Run: Close with unread data → RST' }).click();
  await expect(close.getByRole('region', { name: /What happened and why/ })).toBeVisible({ timeout: 10_000 });
  await expectNoSeriousAxe(page, '#lab-panel-closeAbort');

  await tabs.getByRole('tab', { name: 'Stream vs datagram' }).click();
  const stream = page.getByRole('tabpanel', { name: 'Stream vs datagram' });
  await stream.getByRole('button', { name: 'Send over TCP and UDP' }).click();
  await stream.getByRole('textbox', { name: 'n', exact: true }).fill('4');
  await stream.getByRole('button', { name: 'recv()', exact: true }).click();
  await stream.getByRole('button', { name: 'recvfrom()', exact: true }).click();
  await expect(stream.getByRole('list', { name: 'What recvfrom returned' }).getByRole('listitem')).toHaveCount(1);
  await expectNoSeriousAxe(page, '#lab-panel-streamDatagram');
});
