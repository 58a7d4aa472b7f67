// Browser mode: serves the built window and a WebSocket bridge to the same command router and
// engine, on 127.0.0.1 only, guarded by a random token and an Origin check. It lets the real
// window run in a plain browser (tests on machines without Electron, or a headless box via SSH).
// Any web page can make the browser send requests here, so no request, frame or peer may end the
// process: a bad one gets 400 (or is dropped) and the host goes on.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Result } from '../shared/contract';
import { problemText } from '../shared/problems';
import { decodeRequest, encodeWire, type WireId, type WireMessage } from '../shared/wire';
import { UpdateBatcher } from './engine/batcher';
import type { Engine } from './engine/engine';
import { createRouter } from './commands/router';
import { contentSecurityPolicy } from './security';
import { flushAllSettings } from './settings/settings-store';

export interface WebHostOptions {
  engine: Engine;
  port?: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir?: string;
  /** The data folder (--data-dir); captures go in its captures/ folder. Default: see data-dir.ts. */
  dataDir?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// Host names that can only mean this machine: refusing others defeats DNS rebinding.
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/** out/renderer, seen from wherever the bundler put this module (out/main or out/main/chunks). */
export const defaultRendererDir = (): string => {
  const candidates = [path.join(__dirname, '../renderer'), path.join(__dirname, '../../renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
};

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The window is not built (no ${path.join(rendererDir, 'index.html')}): run "npm run build" first.`);
  }
  const token = randomBytes(24).toString('base64url');
  const router = createRouter(options.engine, { dataDir: options.dataDir });

  const server = http.createServer((req, res) => {
    // A peer that vanishes mid-answer makes the response report an error that nobody needs.
    res.on('error', () => undefined);
    if (!loopbackHost.test(req.headers.host ?? '')) {
      res.writeHead(421).end('Socket Lab answers on 127.0.0.1 only.');
      return;
    }
    serveStatic(rendererDir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Node hands the raw socket over without an error listener: a reset must not be uncaught.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req.url);
      if (!url) {
        refuseUpgrade(socket, '400 Bad Request');
        return;
      }
      const host = req.headers.host ?? '';
      const origin = req.headers.origin;
      const allowed =
        url.pathname === '/bridge' &&
        loopbackHost.test(host) &&
        origin === `http://${host}` &&
        sameToken(url.searchParams.get('token'), token);
      if (!allowed) {
        refuseUpgrade(socket, '403 Forbidden');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => bridge(ws));
    } catch {
      refuseUpgrade(socket, '400 Bad Request');
    }
  });

  function bridge(ws: WebSocket): void {
    const send = (message: WireMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      try {
        ws.send(encodeWire(message));
      } catch {
        ws.terminate(); // a socket we cannot write to is of no use to anyone
      }
    };
    const answer = (id: WireId, result: Result<unknown>): void => send({ kind: 'response', id, result });
    const batcher = new UpdateBatcher(options.engine, (batch) => send({ kind: 'update', batch }), { jobs: router.jobs });
    ws.on('message', (data) => {
      const request = decodeRequest(messageText(data));
      if (!request.ok) {
        // Answered when it says which request it was, so the page is never left waiting.
        if (request.id !== null)
          answer(request.id, {
            ok: false,
            error: { code: 'INVALID_INPUT', message: problemText(request.problem), problem: request.problem },
          });
        return;
      }
      router.handle(request.command, request.payload).then(
        (result) => answer(request.id, result),
        () => undefined, // the router answers every failure itself; this only keeps a bug from ending the process
      );
    });
    ws.on('close', () => batcher.stop());
    ws.on('error', () => batcher.stop());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE' ? `Port ${options.port} on 127.0.0.1 is already in use: pick another --port, or 0.` : err.message,
        ),
      ),
    );
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  // Once serving, a failed accept (e.g. too many open files) costs that one peer, not the host.
  server.on('error', () => undefined);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Peers still connected (one that never reads, say) must not hold the shutdown up.
      server.closeAllConnections();
      await closed;
      // The last save of a tab closed a moment ago is on disk before the process ends.
      await flushAllSettings().catch(() => undefined);
    },
  };
}

/** The request target as a URL, or null when it is not one (e.g. "http://["). */
function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** The decoded path of a request, or null for a bad target or percent escape (e.g. "/%ff"). */
function requestPath(target: string | undefined): string | null {
  const url = requestUrl(target);
  if (!url) return null;
  try {
    const pathname = decodeURIComponent(url.pathname);
    return pathname.includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}

/** A WebSocket message as text, whichever of ws's shapes it arrived in. */
const messageText = (data: RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');

function refuseUpgrade(socket: Duplex, status: string): void {
  // Destroyed once the answer is out: a peer that never reads nor closes cannot keep the socket.
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  else socket.destroy();
}

async function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const pathname = requestPath(req.url);
  if (pathname === null) {
    res.writeHead(400).end('Bad request');
    return;
  }
  const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404).end('Not found');
  }
}
