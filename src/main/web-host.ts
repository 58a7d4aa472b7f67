// Browser mode: serves the built window and a WebSocket bridge to the same command router and
// engine, on 127.0.0.1 only, guarded by a random token and an Origin check. It lets the real
// window run in a plain browser (tests on machines without Electron, or a headless box via SSH).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireMessage } from '../shared/wire';
import { UpdateBatcher } from './engine/batcher';
import type { Engine } from './engine/engine';
import { createRouter } from './ipc/router';
import { contentSecurityPolicy } from './security';

export interface WebHostOptions {
  engine: Engine;
  port?: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir?: string;
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
  const router = createRouter(options.engine);

  const server = http.createServer((req, res) => {
    if (!loopbackHost.test(req.headers.host ?? '')) {
      res.writeHead(421).end('Socket Lab answers on 127.0.0.1 only.');
      return;
    }
    void serveStatic(rendererDir, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    const allowed =
      url.pathname === '/bridge' &&
      loopbackHost.test(host) &&
      origin === `http://${host}` &&
      sameToken(url.searchParams.get('token'), token);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws));
  });

  function bridge(ws: WebSocket): void {
    const batcher = new UpdateBatcher(options.engine, (batch) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeWire({ kind: 'update', batch } satisfies WireMessage));
    });
    ws.on('message', (data) => {
      let message: WireMessage;
      try {
        message = decodeWire(String(data)) as WireMessage;
      } catch {
        return; // not ours: ignore garbage rather than crash
      }
      if (message?.kind !== 'request' || typeof message.id !== 'number' || typeof message.command !== 'string') return;
      void router.handle(message.command, message.payload).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ kind: 'response', id: message.id, result } satisfies WireMessage));
      });
    });
    ws.on('close', () => batcher.stop());
    ws.on('error', () => batcher.stop());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `Port ${options.port} on 127.0.0.1 is already in use: pick another --port, or 0.` : err.message)),
    );
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
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
