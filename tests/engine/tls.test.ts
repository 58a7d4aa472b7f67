// TLS client and server sessions against openssl's own peers (s_server, s_client): verification on by
// default, a CA file, SNI, --insecure, each refusal worded; certificate files, and one made on first use.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/main/engine/errors';
import { madeCertName, madeKeyName } from '../../src/main/engine/kinds/tls/made-certificate';
import { openSessionInput, type OpenSessionRequest, type SessionInfo } from '../../src/shared/contract';
import { makeTestCertificates, runSClient, startSServer, stopOpenssl, type TestCertificates } from '../peers/openssl-peers';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isDataIn, isType, record, type Recorder } from './helpers';

let certs: TestCertificates;
let engine: Engine;
let rec: Recorder;
let dataDir: string;

beforeAll(() => {
  certs = makeTestCertificates();
});

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-data-'));
  engine = new Engine({ dataDir });
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  await stopOpenssl();
  await stopPeers();
});

const open = (request: OpenSessionRequest): Promise<SessionInfo> => engine.open(openSessionInput().parse(request));

/** The open's refusal: its code, problem key and field. */
async function refusal(request: OpenSessionRequest): Promise<{ code: string; key: string; field: string | undefined; message: string }> {
  try {
    await open(request);
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    const e = err as EngineError;
    return { code: e.code, key: e.problem.key, field: e.field, message: e.message };
  }
  throw new Error('the session opened');
}

describe('a TLS client, talking to openssl s_server', () => {
  it('verifies the server with the CA file and SNI, logs the handshake, and talks through it', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const info = await open({ kind: 'tls-client', host: '127.0.0.1', port: server.port, caFile: certs.cert, servername: 'localhost' });
    expect(info.state).toBe('connected');
    const secured = await rec.waitFor(isType('secured', info.id), 3000, 'the handshake event');
    expect(secured.tls.protocol).toBe('TLSv1.3');
    expect(secured.tls.cipher).toMatch(/^TLS_/);
    expect(secured.tls.authorized).toBe(true);
    const fingerprint = new X509Certificate(readFileSync(certs.cert)).fingerprint256;
    expect(secured.tls.peerCertificate).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=localhost', fingerprint256: fingerprint });
    expect(secured.tls.peerCertificate!.validTo).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(engine.info(info.id).connections[0]!.tls?.cipher).toBe(secured.tls.cipher);
    expect(engine.info(info.id).tls).toMatchObject({ insecure: false, servername: 'localhost' });
    await engine.send(info.id, bytesOf('hello\n'), { kind: 'default' });
    await rec.waitFor(isDataIn(info.id, 'olleh\n'), 5000, 'the reversed line');
  });

  it('checks an address against the certificate when no server name is set (IP:127.0.0.1 in it)', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const info = await open({ kind: 'tls-client', host: '127.0.0.1', port: server.port, caFile: certs.cert });
    expect(info.tls?.servername).toBeNull();
    expect(info.state).toBe('connected');
  });

  it('refuses a certificate nothing vouches for, and says how to proceed (--ca or --insecure)', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const r = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: server.port, servername: 'localhost' });
    expect(r).toMatchObject({ key: 'tlsUntrusted', field: 'caFile' });
    expect(r.message).toMatch(/--ca FILE/);
    expect(r.message).toMatch(/--insecure/);
    // A CA that did not sign it is no better.
    const wrongCa = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: server.port, caFile: certs.otherCert });
    expect(wrongCa.key).toBe('tlsUntrusted');
  });

  it('accepts an untrusted certificate when told to (insecure), and says it was not verified', async () => {
    const server = await startSServer(certs.cert, certs.key);
    const info = await open({ kind: 'tls-client', host: '127.0.0.1', port: server.port, insecure: true });
    expect(info.tls?.insecure).toBe(true);
    const secured = await rec.waitFor(isType('secured', info.id), 3000, 'the handshake event');
    expect(secured.tls.authorized).toBe(false);
    expect(secured.tls.authorizationError).toMatch(/self.signed/i);
  });

  it('refuses a certificate for another name, naming the names it is for', async () => {
    const server = await startSServer(certs.mismatchCert, certs.mismatchKey);
    const r = await refusal({
      kind: 'tls-client',
      host: '127.0.0.1',
      port: server.port,
      caFile: certs.mismatchCert,
      servername: 'localhost',
    });
    expect(r).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', key: 'tlsHostnameMismatch', field: 'servername' });
    expect(r.message).toContain('only.example');
  });

  it('says when client and server share no TLS version', async () => {
    const server = await startSServer(certs.cert, certs.key, ['-tls1_3']);
    const r = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: server.port, caFile: certs.cert, tlsVersion: 'TLSv1.2' });
    expect(r).toMatchObject({ key: 'tlsProtocolVersion', field: 'tlsVersion' });
  });

  it('says a plain TCP peer on the port is not a TLS server', async () => {
    const peer = await startServer('tcp_hello_server');
    const r = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: peer.port, insecure: true, connectTimeoutMs: 3000 });
    expect(r.key).toBe('tlsNotTls');
    expect(r.message).toMatch(/tcp:\/\//);
  });

  it('says at the CA field what is wrong with the file: missing, or not PEM', async () => {
    const missing = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: 9, caFile: path.join(certs.dir, 'nope.pem') });
    expect(missing).toMatchObject({ code: 'TLS_FILE_MISSING', key: 'tlsFileMissing', field: 'caFile' });
    const notPem = await refusal({ kind: 'tls-client', host: '127.0.0.1', port: 9, caFile: certs.notPem });
    expect(notPem).toMatchObject({ key: 'tlsBadCertPem', field: 'caFile' });
  });
});

describe('a TLS server, talked to by openssl s_client', () => {
  const sclientVerified = ['-CAfile', '', '-servername', 'localhost', '-verify_return_error'];
  const verifiedWith = (ca: string): string[] => sclientVerified.map((a) => (a === '' ? ca : a));

  it('presents the given certificate, answers with its auto-reply, and logs each handshake', async () => {
    const info = await open({
      kind: 'tls-server',
      host: '127.0.0.1',
      port: 0,
      certFile: certs.cert,
      keyFile: certs.key,
      autoReply: { mode: 'upper' },
    });
    expect(info.tls?.certificateSource).toBe('files');
    expect(info.tls?.ownCertificate?.fingerprint256).toBe(new X509Certificate(readFileSync(certs.cert)).fingerprint256);
    const run = await runSClient(info.local!.port, 'hello tls\n', verifiedWith(certs.cert));
    expect(run.stdout).toContain('HELLO TLS');
    const secured = await rec.waitFor(isType('secured', info.id), 3000, 'the handshake event');
    expect(secured.tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(secured.tls.peerCertificate).toBeNull();
  });

  it('makes a self-signed certificate on first use, keeps it in the data folder (key 0600), and reuses it', async () => {
    const first = await open({ kind: 'tls-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
    const folder = path.join(dataDir, 'certificates');
    const certFile = path.join(folder, madeCertName);
    expect(statSync(path.join(folder, madeKeyName)).mode & 0o777).toBe(0o600);
    expect(first.tls).toMatchObject({ certificateSource: 'made', ownCertificate: { subject: 'CN=localhost' } });
    const run = await runSClient(first.local!.port, 'made\n', verifiedWith(certFile));
    expect(run.stdout).toContain('made');
    const second = await open({ kind: 'tls-server', host: '127.0.0.1', port: 0 });
    expect(second.tls?.ownCertificate?.fingerprint256).toBe(first.tls?.ownCertificate?.fingerprint256);
    // And Socket Lab's own client trusts it through the CA file.
    const client = await open({ kind: 'tls-client', host: '127.0.0.1', port: first.local!.port, caFile: certFile });
    await engine.send(client.id, bytesOf('ping'), { kind: 'default' });
    await rec.waitFor(isDataIn(client.id, 'ping'), 5000, 'the echo');
  });

  it('says at the field what is wrong with the certificate and key files', async () => {
    const base = { kind: 'tls-server', host: '127.0.0.1', port: 0 } as const;
    expect(await refusal({ ...base, certFile: certs.cert, keyFile: certs.otherKey })).toMatchObject({
      key: 'tlsKeyMismatch',
      field: 'keyFile',
    });
    expect(await refusal({ ...base, certFile: certs.notPem, keyFile: certs.key })).toMatchObject({
      key: 'tlsBadCertPem',
      field: 'certFile',
    });
    expect(await refusal({ ...base, certFile: certs.cert, keyFile: certs.notPem })).toMatchObject({
      key: 'tlsBadKeyPem',
      field: 'keyFile',
    });
    expect(await refusal({ ...base, certFile: certs.cert, keyFile: path.join(certs.dir, 'gone.pem') })).toMatchObject({
      key: 'tlsFileMissing',
      field: 'keyFile',
    });
    expect(engine.list()).toHaveLength(0);
  });

  it('logs a plain TCP client that cannot do the handshake, and keeps listening', async () => {
    const info = await open({ kind: 'tls-server', host: '127.0.0.1', port: 0, certFile: certs.cert, keyFile: certs.key });
    const plain = net.connect({ host: '127.0.0.1', port: info.local!.port });
    plain.on('error', () => undefined);
    plain.on('connect', () => plain.write('GET / HTTP/1.0\r\n\r\n'));
    const error = await rec.waitFor(isType('error', info.id), 5000, 'the failed handshake');
    expect(error.problem.key).toBe('tlsClientHandshakeFailed');
    plain.destroy();
    expect(engine.info(info.id).state).toBe('listening');
  });
});

describe('the TLS options, checked before any socket', () => {
  it('refuses a certificate without its key, an IP as server name, and an unknown version', () => {
    const server = openSessionInput().safeParse({ kind: 'tls-server', host: '127.0.0.1', port: 0, certFile: 'a.pem' });
    expect(server.success).toBe(false);
    expect(server.error!.issues[0]!.path).toEqual(['keyFile']);
    const sni = openSessionInput().safeParse({ kind: 'tls-client', host: '127.0.0.1', port: 1, servername: '127.0.0.1' });
    expect(sni.error!.issues[0]!.message).toMatch(/must be a host name/);
    const version = openSessionInput().safeParse({ kind: 'tls-client', host: '127.0.0.1', port: 1, tlsVersion: 'SSLv3' });
    expect(version.success).toBe(false);
  });
});
