// Browser mode's door: the page is served on 127.0.0.1, and the bridge answers only with the
// token, from a same-origin page, on a loopback host name.
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeWire, encodeRequest } from '../../src/shared/wire';
import { Engine } from '../../src/main/engine/engine';
import { startWebHost, type WebHost } from '../../src/main/web-host';

const rendererDir = path.resolve(__dirname, '../../out/renderer');
let engine: Engine;
let host: WebHost;

beforeAll(async () => {
  engine = new Engine();
  host = await startWebHost({ engine, port: 0, rendererDir });
});

afterAll(async () => {
  await host.close();
  await engine.closeAll();
});

function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** Opens the bridge; resolves with the socket, or rejects with the HTTP status that refused it. */
function openBridge(query: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('socket-lab web', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the window with its CSP, and nothing outside the renderer folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/../../package.json')).status).not.toBe(200);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).not.toBe(200);
    expect((await get('/nope.js')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses the bridge without the token, with a wrong token, or from another origin', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(openBridge('', origin)).rejects.toThrow('HTTP 403');
    await expect(openBridge('?token=wrong', origin)).rejects.toThrow('HTTP 403');
    await expect(openBridge(`?token=${host.token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(openBridge(`?token=${host.token}`, undefined)).rejects.toThrow('HTTP 403');
  });

  it('answers commands over the bridge with the same router, bytes included', async () => {
    const ws = await openBridge(`?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    const call = (id: number, command: string, payload: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData): void => {
          const msg = decodeWire(String(data)) as { kind: string; id?: number; result?: unknown };
          if (msg.kind === 'response' && msg.id === id) {
            ws.off('message', onMessage);
            resolve(msg.result);
          }
        };
        ws.on('message', onMessage);
        ws.send(encodeRequest(id, command, payload));
      });
    const opened = (await call(1, 'openSession', { kind: 'udp', host: '127.0.0.1', port: 0 })) as {
      ok: boolean;
      value: { id: string; local: { port: number } };
    };
    expect(opened.ok).toBe(true);
    const sent = await call(2, 'send', {
      sessionId: opened.value.id,
      bytes: new Uint8Array([1, 2, 3]),
      to: { kind: 'peer', host: '127.0.0.1', port: opened.value.local.port },
    });
    expect(sent).toEqual({ ok: true, value: { bytes: 3, recipients: 1 } });
    const bad = (await call(3, 'openSession', { kind: 'tcp-client', host: '127.0.0.1', port: 70000 })) as {
      ok: false;
      error: { field: string };
    };
    expect(bad.ok).toBe(false);
    expect(bad.error.field).toBe('port');
    // Garbage does not kill the bridge.
    ws.send('{not json');
    expect(await call(4, 'listSessions', {})).toMatchObject({ ok: true });
    ws.close();
  });

  it("checks a workspace's text over the bridge, for browser mode's buttons, opening no session and taking no path", async () => {
    const ws = await openBridge(`?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    const call = (id: number, command: string, payload: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        ws.on('message', (data: WebSocket.RawData) => {
          const msg = decodeWire(String(data)) as { kind: string; id?: number; result?: unknown };
          if (msg.kind === 'response' && msg.id === id) resolve(msg.result);
        });
        ws.send(encodeRequest(id, command, payload));
      });
    const workspace = {
      format: 'socket-lab-workspace',
      version: 1,
      sessions: [{ name: 'Server', kind: 'udp', host: '127.0.0.1', port: 0, future: { a: [1] } }],
      collections: [{ name: 'Lab', messages: [{ name: 'hi', payload: { format: 'text', text: '안녕' } }] }],
    };
    const before = engine.list().length;
    expect(await call(10, 'checkWorkspaceText', { text: JSON.stringify(workspace), name: 'class.socketlab.json' })).toEqual({
      ok: true,
      value: { check: { ok: true, workspace } },
    });
    expect(engine.list()).toHaveLength(before);
    // No dialog in a browser, and no command that takes a path.
    expect(await call(11, 'openWorkspaceDialog', {})).toEqual({ ok: true, value: { available: false } });
    expect(await call(12, 'openWorkspace', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    ws.close();
  });
});
