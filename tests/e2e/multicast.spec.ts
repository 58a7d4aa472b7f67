// The window joins a multicast group while its UDP socket is open, hears the Python sender on
// 127.0.0.1, leaves; the bind field's address picker; pictures of the group panel in en/ko, light/dark.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-app';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { logRow } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
const freshGroup = (): string =>
  `239.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;

test('joins a group while open, hears the Python sender, and after leaving hears it no more', async ({ page, app }) => {
  await page.goto(app.url);
  // The address picker fills the bind field: the wildcard, as a socket hearing groups needs.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
  const picker = page.getByRole('combobox', { name: 'Addresses of this computer' });
  await expect(picker.locator('option', { hasText: '127.0.0.1 (lo, loopback)' })).toHaveCount(1);
  await picker.selectOption('0.0.0.0');
  await expect(page.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue('0.0.0.0');
  await page.getByText('Advanced options').click();
  await expect(page.getByRole('checkbox', { name: 'Allow broadcast' })).not.toBeChecked();
  await page.screenshot({ path: shot('19-udp-form-address-picker') });
  await page.getByText('Advanced options').click();
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());

  const panel = page.getByRole('region', { name: 'Multicast groups' });
  // Folded until asked for, so the log keeps its room.
  await expect(panel.getByRole('button', { name: 'Join group' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Multicast groups' }).click();
  const group = freshGroup();
  // A bad group is said at the field, in words.
  await panel.getByRole('textbox', { name: 'Group' }).fill('10.1.2.3');
  await panel.getByRole('button', { name: 'Join group' }).click();
  await expect(panel.getByRole('alert')).toContainText('"10.1.2.3" is not a multicast group');

  await panel.getByRole('textbox', { name: 'Group' }).fill(group);
  await panel.getByRole('combobox', { name: 'Interface' }).selectOption('127.0.0.1');
  await panel.getByRole('button', { name: 'Join group' }).click();
  const leave = panel.getByRole('button', { name: `Leave ${group} (127.0.0.1)` });
  await expect(leave).toBeVisible();
  await expect(logRow(page, 'event', `Joined the multicast group ${group} (127.0.0.1).`)).toBeVisible();
  // Joining twice is refused at the group field.
  await panel.getByRole('button', { name: 'Join group' }).click();
  await expect(panel.getByRole('alert')).toContainText(`already joined ${group} (127.0.0.1)`);

  await runClient('udp_multicast_sender', [group, String(port), 'from the group', '2']);
  await expect(logRow(page, 'in', 'from the group 2')).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: shot('20-multicast-joined') });

  await leave.click();
  await expect(panel.getByText('No group joined.')).toBeVisible();
  await expect(logRow(page, 'event', `Left the multicast group ${group} (127.0.0.1).`)).toBeVisible();
  await runClient('udp_multicast_sender', [group, String(port), 'after leaving', '2']);
  await page.waitForTimeout(500);
  await expect(logRow(page, 'in', 'after leaving')).toHaveCount(0);
});

/** The words a person reads on the controls, per language. */
interface Labels {
  title: string;
  group: string;
  join: string;
  open: string;
  close: string;
  protocol: string;
  host: string;
  port: string;
}

async function groupPanelPicture(page: Page, name: string, labels: Labels): Promise<void> {
  const panel = page.getByRole('region', { name: labels.title });
  await panel.getByRole('button', { name: labels.title }).click();
  await panel.getByRole('textbox', { name: labels.group }).fill(freshGroup());
  await panel.getByRole('combobox').selectOption('127.0.0.1');
  await panel.getByRole('button', { name: labels.join }).click();
  await expect(panel.getByRole('list')).toBeVisible();
  await page.screenshot({ path: shot(name) });
}

const pictures: { locale: string; scheme: 'light' | 'dark'; name: string; labels: Labels }[] = [
  {
    locale: 'en-US',
    scheme: 'dark',
    name: '21-multicast-dark-en',
    labels: {
      title: 'Multicast groups',
      group: 'Group',
      join: 'Join group',
      open: 'Open',
      close: 'Close',
      protocol: 'Protocol',
      host: 'Host',
      port: 'Port',
    },
  },
  {
    locale: 'ko-KR',
    scheme: 'light',
    name: '22-multicast-light-ko',
    labels: {
      title: '멀티캐스트 그룹',
      group: '그룹',
      join: '그룹 가입',
      open: '열기',
      close: '닫기',
      protocol: '프로토콜',
      host: '호스트',
      port: '포트',
    },
  },
  {
    locale: 'ko-KR',
    scheme: 'dark',
    name: '23-multicast-dark-ko',
    labels: {
      title: '멀티캐스트 그룹',
      group: '그룹',
      join: '그룹 가입',
      open: '열기',
      close: '닫기',
      protocol: '프로토콜',
      host: '호스트',
      port: '포트',
    },
  },
];

for (const { locale, scheme, name, labels } of pictures) {
  test(`the group panel in ${locale}, ${scheme}`, async ({ browser, app }) => {
    const context = await browser.newContext({ colorScheme: scheme, locale });
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByRole('combobox', { name: labels.protocol }).selectOption('udp');
    await page.getByRole('textbox', { name: labels.host, exact: true }).fill('0.0.0.0');
    await page.getByRole('textbox', { name: labels.port, exact: true }).fill('0');
    await page.getByRole('button', { name: labels.open, exact: true }).click();
    await expect(page.getByRole('button', { name: labels.close, exact: true })).toBeVisible();
    await groupPanelPicture(page, name, labels);
    await context.close();
  });
}
