// socket-lab send and serve over TLS, against openssl s_server and s_client: the handshake printed,
// verification with --ca / --servername, --insecure, and each refusal as one line with its exit status.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, runSClient, startSServer, stopOpenssl, type TestCertificates } from '../peers/openssl-peers';
import { eventually, expectOneErrorLine, run, serve, summary, useCli } from './run-cli';

useCli();

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterEach(() => stopOpenssl());

describe('socket-lab send tls://', () => {
  it('verifies the server with --ca and --servername, prints the handshake on stderr and the reply on stdout', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const result = await run(['send', `tls://127.0.0.1:${server.port}`, '--ca', certs.cert, '--servername', 'localhost', '--text', 'hi\n']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ih\n' + summary(1, 3, 1, 3));
    expect(result.stderr).toMatch(
      /^socket-lab: TLS TLSv1\.3, TLS_\w+; certificate CN=localhost issued by CN=localhost, SHA-256 [0-9A-F:]{95}, valid \S+ to \S+, verified\n$/,
    );
  });

  it('includes the handshake in --format json', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const result = await run(['send', `tls://127.0.0.1:${server.port}`, '--ca', certs.cert, '--text', 'x\n', '--format', 'json']);
    expect(result.code).toBe(0);
    const secured = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; tls?: { protocol: string; cipher: string; peerCertificate: { subject: string } } })
      .find((e) => e.type === 'secured');
    expect(secured?.tls).toMatchObject({ protocol: 'TLSv1.3', peerCertificate: { subject: 'CN=localhost' } });
  });

  it('refuses an untrusted certificate in one line that says how to proceed (exit 1)', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const result = await run(['send', `tls://127.0.0.1:${server.port}`, '--text', 'hi']);
    expectOneErrorLine(
      result,
      1,
      /^socket-lab: The certificate of 127\.0\.0\.1:\d+ is not trusted \(.*\)\. If you trust it, .*--ca FILE.*--insecure/,
    );
  });

  it('--insecure accepts it, with a warning and the certificate marked not verified', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const result = await run(['send', `tls://127.0.0.1:${server.port}`, '--insecure', '--text', 'ok\n']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ko\n' + summary(1, 3, 1, 3));
    expect(result.stderr).toMatch(/warning: --insecure/);
    expect(result.stderr).toMatch(/NOT verified/);
  });

  it('a name the certificate is not for is refused (exit 1)', async () => {
    const server = await startSServer(certs.mismatchCert, certs.mismatchKey);
    const result = await run([
      'send',
      `tls://127.0.0.1:${server.port}`,
      '--ca',
      certs.mismatchCert,
      '--servername',
      'localhost',
      '--text',
      'hi',
    ]);
    expectOneErrorLine(result, 1, /is for DNS:only\.example, not "localhost"/);
  });

  it('mistakes in what was typed are exit 2 at the option: a missing CA file, an IP as --servername, a TLS option on tcp://', async () => {
    expectOneErrorLine(
      await run(['send', 'tls://127.0.0.1:9', '--ca', path.join(certs.dir, 'nope.pem'), '--text', 'x']),
      2,
      /^socket-lab: --ca: There is no file at ".*nope\.pem"\.$/,
    );
    expectOneErrorLine(
      await run(['send', 'tls://127.0.0.1:9', '--ca', certs.notPem, '--text', 'x']),
      2,
      /^socket-lab: --ca: .* holds no PEM certificate/,
    );
    expectOneErrorLine(await run(['send', 'tls://127.0.0.1:9', '--servername', '10.0.0.1', '--text', 'x']), 2, /must be a host name/);
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--insecure', '--text', 'x']), 2, /--insecure is for tls:\/\/ addresses/);
    expectOneErrorLine(
      await run(['send', 'tls://127.0.0.1:9', '--tls-version', '1.1', '--text', 'x']),
      2,
      /--tls-version must be 1\.2 or 1\.3/,
    );
  });
});

describe('socket-lab serve tls://', () => {
  it('serves the given certificate with --reply upper to openssl s_client, printing the certificate and each handshake', async () => {
    const server = await serve(['tls://127.0.0.1:0', '--cert', certs.cert, '--key', certs.key, '--reply', 'upper']);
    expect(server.url).toBe(`tls://127.0.0.1:${server.port}`);
    const client = await runSClient(server.port, 'hello\n', ['-CAfile', certs.cert, '-servername', 'localhost', '-verify_return_error']);
    expect(client.stdout).toContain('HELLO');
    await eventually(() => /secured 127\.0\.0\.1:\d+: TLS TLSv1\.3/.test(server.output()), 'the handshake line');
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toMatch(/^certificate CN=localhost, SHA-256 [0-9A-F:]{95}, valid /);
  });

  it('answers by --rule over TLS, @close ending the connection after its reply (openssl s_client)', async () => {
    const server = await serve([
      'tls://127.0.0.1:0',
      '--cert',
      certs.cert,
      '--key',
      certs.key,
      '--frame',
      'line',
      '--rule',
      'regex:^HELO (\\w+)=>fixed:250 hello $1 @close',
    ]);
    const client = await runSClient(server.port, 'HELO lab\n', ['-CAfile', certs.cert, '-servername', 'localhost']);
    expect(client.stdout).toBe('250 hello lab\n');
    await eventually(() => /closed 127\.0\.0\.1:\d+ \(by us\)/.test(server.output()), 'the close by the rule');
    expect((await server.stop()).code).toBe(0);
  });

  it('makes a self-signed certificate in --data-dir on first use, which s_client then verifies', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-data-'));
    const server = await serve(['tls://127.0.0.1:0', '--data-dir', data, '--reply', 'echo']);
    expect(server.output()).toMatch(/certificate CN=localhost \(self-signed, made for Socket Lab\)/);
    const made = path.join(data, 'certificates', 'self-signed-cert.pem');
    const client = await runSClient(server.port, 'echo me\n', ['-CAfile', made, '-servername', 'localhost', '-verify_return_error']);
    expect(client.stdout).toContain('echo me');
    expect((await server.stop()).code).toBe(0);
  });

  it("a key that is not the certificate's, or a certificate without its key, is exit 2 at the option", async () => {
    expectOneErrorLine(
      await run(['serve', 'tls://127.0.0.1:0', '--cert', certs.cert, '--key', certs.otherKey]),
      2,
      /^socket-lab: --key: The key in .* does not belong to the certificate/,
    );
    expectOneErrorLine(await run(['serve', 'tls://127.0.0.1:0', '--cert', certs.cert]), 2, /A certificate file needs its key file too/);
    expectOneErrorLine(await run(['serve', 'tls://127.0.0.1:0', '--ca', certs.cert]), 2, /--ca is for send \(a TLS client\)/);
  });
});
