// The window over TLS: a client verifying openssl s_server with a CA file and SNI (its Certificate
// view), an untrusted certificate refused at the CA field then accepted as insecure (the badge), and
// a TLS server presenting the given files to openssl s_client, answering with its auto-reply.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeTestCertificates, runSClient, startSServer, stopOpenssl, type TestCertificates } from '../peers/openssl-peers';
import { expect, test } from './web-app';
import { logRow, send } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
let certs: TestCertificates;

test.beforeAll(() => {
  certs = makeTestCertificates();
});
test.afterEach(async () => {
  await stopOpenssl();
});

async function fillTlsClient(page: Page, port: number, fields: { ca?: string; servername?: string; insecure?: boolean }): Promise<void> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tls-client');
  await page.getByRole('textbox', { name: 'Host', exact: true }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
  if (fields.ca !== undefined) await page.getByRole('textbox', { name: 'CA file (PEM)' }).fill(fields.ca);
  if (fields.servername !== undefined) await page.getByRole('textbox', { name: 'Server name (SNI)' }).fill(fields.servername);
  if (fields.insecure) await page.getByRole('checkbox', { name: 'Accept untrusted certificate (insecure)' }).check();
}

test('a TLS client verifies openssl s_server with a CA file and SNI, and shows the certificate', async ({ page, app }) => {
  const server = await startSServer(certs.cert, certs.key);
  await page.goto(app.url);
  await fillTlsClient(page, server.port, { ca: certs.cert, servername: 'localhost' });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();

  const view = page.getByRole('region', { name: 'Certificate' });
  await expect(view).toContainText('CN=localhost');
  await expect(view.getByText('Subject')).toBeVisible();
  await expect(view.getByText('Issuer')).toBeVisible();
  await expect(view).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  await expect(view.getByText('Valid from')).toBeVisible();
  await expect(view.getByText('Valid until')).toBeVisible();
  await expect(view).toContainText('TLSv1.3');
  await expect(view).toContainText(/TLS_AES_\d+_GCM_SHA\d+|TLS_CHACHA20/);
  await expect(view).toContainText('Verified');
  await expect(logRow(page, 'event', /TLS handshake done: TLSv1\.3/)).toBeVisible();
  await expect(page.getByRole('img', { name: /not verified/ })).toHaveCount(0);

  await send(page, 'hello\\n', 'Escaped');
  await expect(logRow(page, 'in', 'olleh')).toBeVisible();

  for (const language of ['en', 'ko'] as const) {
    if (language === 'ko') {
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      await expect(page.getByRole('region', { name: '인증서' })).toContainText('주체');
    }
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.getByRole('region', { name: language === 'en' ? 'Certificate' : '인증서' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot(`tls-certificate-${language}-${colorScheme}`) });
    }
  }
});

test('an untrusted certificate is refused at the CA field, then accepted as insecure with a warning badge', async ({ page, app }) => {
  const server = await startSServer(certs.cert, certs.key);
  await page.goto(app.url);
  await fillTlsClient(page, server.port, {});
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'is not trusted' });
  await expect(alert).toContainText('--ca FILE');
  await expect(alert).toContainText('--insecure');

  await page.getByRole('checkbox', { name: 'Accept untrusted certificate (insecure)' }).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();
  const badge = page.getByRole('navigation', { name: 'Sessions' }).getByRole('img', { name: /not verified/ });
  await expect(badge).toBeVisible();
  await expect(badge).toContainText('Insecure');
  const view = page.getByRole('region', { name: 'Certificate' });
  await expect(view.getByRole('img', { name: /not verified/ })).toBeVisible();
  await expect(view).toContainText(/Not verified \(.*self.signed/i);
  await page.screenshot({ path: shot('tls-insecure-en-light') });
});

test('a TLS server presents the given files to openssl s_client and answers with its auto-reply', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tls-server');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('textbox', { name: 'Certificate file (PEM)' }).fill(certs.cert);
  // A certificate without its key is said at the key field, before anything is sent.
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'needs its key file too' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Key file (PEM)' }).fill(certs.otherKey);
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'does not belong to the certificate' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Key file (PEM)' }).fill(certs.key);
  await page.getByText('Advanced options').click();
  await page.getByRole('combobox', { name: 'Auto-reply' }).selectOption('upper');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());

  const view = page.getByRole('region', { name: 'Certificate' });
  await expect(view).toContainText("This server's certificate");
  await expect(view).toContainText('CN=localhost');
  const client = await runSClient(port, 'shout\n', ['-CAfile', certs.cert, '-servername', 'localhost', '-verify_return_error']);
  expect(client.stdout).toContain('SHOUT');
  await expect(logRow(page, 'in', 'shout')).toBeVisible();
  // The client has gone (its connection with it): its handshake stays in the log.
  await expect(logRow(page, 'event', /TLS handshake done: TLSv1\.3/)).toBeVisible();
});
