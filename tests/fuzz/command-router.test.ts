// Fuzzes the command router with 10,000 generated and mutated payloads: every answer is a typed Result, none throws or hangs, nothing leaves loopback.
// Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run tests/fuzz/command-router.test.ts
import fc from 'fast-check';
import dgram from 'node:dgram';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createRouter } from '../../src/main/commands/router';
import {
  autoReplyModes,
  commandNames,
  maxSendBytes,
  maxUdpPayloadIpv4,
  maxUdpPayloadIpv6,
  type CommandName,
} from '../../src/shared/contract';
import { isProblemKey } from '../../src/shared/problems';
import { isLoopback, loopbackNetwork, type LoopbackNetwork } from './loopback-network';

const totalPayloads = 10_000;
const payloadsPerRun = 10;
const callBoundMs = 2_000;
/** Longer than any sentence the app writes, far shorter than an echoed megabyte of input. */
const messageBound = 1_000;

interface Call {
  name: string;
  payload: unknown;
}

// ---------- the test's own peers, so that some connects and sends really go somewhere ----------

let tcpSink: net.Server;
let udpSink: dgram.Socket;
const sinkClients = new Set<net.Socket>();
let ports = { tcp: 0, udp: 0 };
/** The data folder of every fuzzed router: record-to-file writes nowhere else. */
let dataDir = '';

beforeAll(async () => {
  tcpSink = net.createServer((socket) => {
    sinkClients.add(socket);
    socket.on('close', () => sinkClients.delete(socket));
    socket.on('error', () => undefined);
    socket.resume(); // reads and drops everything, so no send waits on backpressure
  });
  await new Promise<void>((resolve) => tcpSink.listen({ host: '127.0.0.1', port: 0 }, resolve));
  udpSink = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => udpSink.bind({ address: '127.0.0.1', port: 0 }, resolve));
  ports = { tcp: (tcpSink.address() as net.AddressInfo).port, udp: udpSink.address().port };
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-fuzz-'));
  await mkdir(path.join(dataDir, 'workspaces'));
});

afterAll(async () => {
  for (const socket of sinkClients) socket.destroy();
  await new Promise<void>((resolve) => tcpSink.close(() => resolve()));
  await new Promise<void>((resolve) => udpSink.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

// ---------- arbitraries, written from src/shared/contract.ts ----------

/** Keys that have broken JavaScript parsers before: prototype pollution and inherited names. */
const trickyKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'kind', 'bytes'];

const hugeString = fc
  .tuple(fc.constantFrom('a', '1', '\u0000', 'é', '😀', ':', '.', '\\'), fc.constantFrom(300, 70_000, 1_000_000))
  .map(([unit, times]) => unit.repeat(times));

const text = fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: hugeString });

const oddNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  -1,
  0.5,
  1e-300,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  65_536,
  600_001,
  -65_535,
);

/** What a structured clone (Electron IPC) or the JSON bridge can carry, and then some. */
const junk = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      maxDepth: 3,
      maxKeys: 6,
      key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...trickyKeys)),
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
  },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: hugeString },
  // Bytes in the shapes that are not a plain Uint8Array: its buffer, a view, a Buffer (a Uint8Array subclass), a slice at an odd offset.
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 16 })
      .chain((a) => fc.constantFrom<unknown>(a, a.buffer, new DataView(a.buffer), Buffer.from(a), a.subarray(1))),
  },
);

/** One run: a session or two opened on loopback (so that later calls find something to act on), then anything. */
function runArbitrary(peers: { tcp: number; udp: number }): fc.Arbitrary<Call[]> {
  const loopbackHost = fc.constantFrom('127.0.0.1', '127.0.0.1', '127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2', '::ffff:127.0.0.1');
  const host = fc.oneof(
    { weight: 6, arbitrary: loopbackHost },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '0.0.0.0',
        '::',
        '10.0.0.1',
        '192.168.1.1',
        '8.8.8.8',
        '255.255.255.255',
        'example.com',
        'localhost.',
        'fe80::1%lo',
        '::1%lo',
      ),
    },
    { weight: 1, arbitrary: fc.ipV4() },
    { weight: 1, arbitrary: fc.ipV6() },
    { weight: 1, arbitrary: fc.domain() },
    { weight: 1, arbitrary: text },
  );
  const port = (sink: number) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(sink) },
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 65_535 }) },
      { weight: 1, arbitrary: oddNumber },
    );
  const sessionId = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('s1', 's1', 's2', 's3') }, { weight: 1, arbitrary: text });
  const connectionId = fc.oneof(fc.constantFrom('c1', 'c2', 'c3', `127.0.0.1:${peers.udp}`), text);
  const autoReply = fc.record(
    {
      mode: fc.constantFrom(...autoReplyModes),
      text: fc.oneof(fc.constantFrom('', 'ACK : ', 'Hello, Client!\\r\\n', '\\x4', '\\q', '\\'), text),
      closeAfterReply: fc.boolean(),
    },
    { requiredKeys: ['mode'] },
  );
  const bytes = fc.oneof(
    { weight: 12, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    // A view into a larger buffer, at an odd offset: only its own bytes may be sent and logged.
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 2, maxLength: 64 }).map((a) => a.subarray(1, a.length - 1)) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 5_000 }).map((n) => new Uint8Array(n)) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(maxUdpPayloadIpv4, maxUdpPayloadIpv4 + 1, maxUdpPayloadIpv6, maxUdpPayloadIpv6 + 1)
        .map((n) => new Uint8Array(n)),
    },
    // The largest payloads are rare: a handful per run of 10,000 proves the limit without allocating gigabytes.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 39 }).map((n) => new Uint8Array(n === 0 ? maxSendBytes : n === 1 ? maxSendBytes + 1 : n)),
    },
  );
  const target = fc.oneof(
    fc.constant({ kind: 'default' }),
    fc.constant({ kind: 'all' }),
    fc.record({ kind: fc.constant('connection'), connectionId }),
    fc.record({ kind: fc.constant('peer'), host, port: port(peers.udp) }),
  );

  // One entry per command: a new command in the contract does not compile here until it is fuzzed too.
  const valid: { [K in CommandName]: fc.Arbitrary<unknown> } = {
    openSession: fc.oneof(
      fc.record(
        {
          kind: fc.constant('tcp-client'),
          host,
          port: port(peers.tcp),
          localAddress: host,
          localPort: port(0),
          connectTimeoutMs: fc.integer({ min: 100, max: 2_000 }),
          framing: fc.oneof(fc.constantFrom('raw', 'line', 'delim:\\0', 'fixed:4', 'len:2', 'len:4le+hdr', 'len:3', 'fixed:0'), text),
          maxFrame: fc.oneof(fc.integer({ min: 0, max: 1 << 20 }), oddNumber),
          noDelay: fc.boolean(),
          keepAliveMs: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100_000 })),
        },
        { requiredKeys: ['kind', 'host', 'port'] },
      ),
      fc.record({ kind: fc.constant('tcp-server'), host, port: port(0), autoReply }, { requiredKeys: ['kind', 'host', 'port'] }),
      fc.record({ kind: fc.constant('udp'), host, port: port(0), autoReply }, { requiredKeys: ['kind', 'host', 'port'] }),
    ),
    closeSession: fc.record({ sessionId }),
    removeSession: fc.record({ sessionId }),
    send: fc.record({ sessionId, bytes, to: target }, { requiredKeys: ['sessionId', 'bytes'] }),
    // Paths that are refused (missing, a folder, a device) or a real small file (package.json) sent on loopback.
    sendFile: fc.record(
      {
        sessionId,
        path: fc.oneof(fc.constantFrom('', ' ', '/no/such/file', '.', '/dev/null', 'package.json'), text),
        chunk: fc.oneof(fc.integer({ min: -1, max: 70_000 }), oddNumber),
        to: target,
      },
      { requiredKeys: ['sessionId', 'path'] },
    ),
    pickFile: fc.constant({}),
    disconnectClient: fc.record({ sessionId, connectionId }),
    halfClose: fc.record({ sessionId, connectionId }, { requiredKeys: ['sessionId'] }),
    closeConnection: fc.record(
      { sessionId, connectionId, how: fc.constantFrom('end', 'destroy', 'reset', 'close', '') },
      { requiredKeys: ['sessionId', 'how'] },
    ),
    recv: fc.record(
      {
        sessionId,
        connectionId,
        max: fc.oneof(fc.integer({ min: -1, max: 70_000 }), fc.double()),
        waitMs: fc.integer({ min: 0, max: 10 }),
      },
      { requiredKeys: ['sessionId'] },
    ),
    setAutoReply: fc.record({ sessionId, autoReply }),
    setRules: fc.record({
      sessionId,
      rules: fc.array(
        fc.record({
          match: fc.record({
            kind: fc.constantFrom('exact', 'prefix', 'regex', 'hex', 'nope'),
            value: fc.oneof(text, fc.constantFrom('(a+)+$', 'ab', '0a')),
          }),
          reply: fc.record({
            kind: fc.constantFrom('echo', 'fixed', 'prefix', 'hex', 'upper'),
            value: fc.oneof(text, fc.constantFrom('', '$1', 'ok')),
          }),
          delayMs: fc.oneof(fc.integer({ min: 0, max: 20 }), oddNumber),
          close: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
    }),
    listSessions: fc.constant({}),
    getRows: fc.record(
      { sessionId, from: fc.nat(100), count: fc.nat(2_100), filtered: fc.boolean() },
      { requiredKeys: ['sessionId', 'from', 'count'] },
    ),
    setFilter: fc.record({
      sessionId,
      filter: fc.option(
        fc.record(
          {
            directions: fc.subarray(['in', 'out', 'event', 'error']),
            peer: fc.oneof(fc.constantFrom('', '127.0.0.1', '127.0.0.1:5', '[::1]:9', '::', ':5', '[x'), text),
            query: fc.oneof(fc.constantFrom('', 'hi', '48 6G', '0x', 'de:ad', 'é'), text),
            mode: fc.constantFrom('text', 'hex'),
            matchCase: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
      ),
    }),
    getEntry: fc.record({ sessionId, seq: fc.nat(50) }),
    clearLog: fc.record({ sessionId }),
    cancelJob: fc.record({ jobId: fc.oneof(fc.constantFrom('j1', 'j2', 'j3'), text) }),
    getSettings: fc.constant({}),
    // The whole range and past both ends: a fuzzed budget may drop every log, never break an answer.
    setLogBudget: fc.record({ mib: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double()) }),
    startCapture: fc.record(
      {
        sessionId,
        fileName: fc.oneof(fc.constantFrom('run.ndjson', '../up.ndjson', '/etc/x', 'a\\b', 'nul', 'x.', ''), text),
        overwrite: fc.boolean(),
      },
      { requiredKeys: ['sessionId'] },
    ),
    stopCapture: fc.record({ sessionId }),
    // Floods with a small count: a run of ten calls must not send for seconds (one a mutation leaves
    // unbounded runs until the closeAll at the end of its run, which stops it).
    startFlood: fc.record(
      {
        sessionId,
        size: fc.oneof(fc.integer({ min: 0, max: 70_000 }), oddNumber),
        payload: fc.constantFrom('text', 'hex', 'counter', 'noise'),
        pattern: fc.oneof(fc.constantFrom('', 'de ad be ef', '0xzz', 'abc'), text),
        rate: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2_000_000 }), oddNumber),
        count: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(-1, 0.5, NaN, 1e12)),
        duration: fc.oneof(fc.constant(null), fc.constantFrom(0, 0.001, 0.02, 1e9), fc.double()),
        to: target,
      },
      { requiredKeys: ['sessionId', 'size', 'count'] },
    ),
    stopFlood: fc.record({ sessionId }),
    joinGroup: fc.record(
      { sessionId, group: fc.oneof(fc.constantFrom('239.1.2.3', '239.9.9.9', 'ff02::1', '127.0.0.1', '240.0.0.1'), text), iface: host },
      { requiredKeys: ['sessionId', 'group'] },
    ),
    leaveGroup: fc.record(
      { sessionId, group: fc.oneof(fc.constantFrom('239.1.2.3', 'ff02::1'), text), iface: host },
      { requiredKeys: ['sessionId', 'group'] },
    ),
    listInterfaces: fc.constant({}),
    // Repeats with few sends and short gaps, so a run of calls never sends for long.
    startRepeat: fc.record(
      {
        sessionId,
        payload: fc.oneof(fc.constantFrom('', 'n={{counter}}', '{{random:0}}', '{{nope}}', '\\q', 'de ad'), text),
        format: fc.constantFrom('text', 'hex', 'escaped', 'noise'),
        lineEnding: fc.constantFrom('none', 'lf', 'crlf', 'cr'),
        everyMs: fc.oneof(fc.integer({ min: 0, max: 20 }), oddNumber),
        times: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 0.5, NaN, 1e12)),
        to: target,
      },
      { requiredKeys: ['sessionId', 'payload', 'everyMs', 'times'] },
    ),
    stopRepeat: fc.record({ sessionId }),
    setEncoding: fc.record({ sessionId, encoding: fc.oneof(fc.constantFrom('cp949', 'EUC-KR', 'utf-16le', 'shift_jis', 'latin9'), text) }),
    setImpair: fc.record({
      sessionId,
      impair: fc.oneof(fc.constant(null), fc.constantFrom('loss=30%,seed=7', 'in:dup=5%;out:delay=10', 'loss=130%', ''), text),
    }),
    encodeText: fc.record(
      {
        sessionId,
        text: fc.oneof(fc.constantFrom('안녕 똠', 'こんにちは', 'café'), text),
        encoding: fc.constantFrom('euc-kr', 'ascii', 'gbk'),
      },
      { requiredKeys: ['sessionId', 'text'] },
    ),
    decodeText: fc.record({ sessionId, bytes }),
    sessionNdjson: fc.record({ sessionId }),
    testRules: fc.record(
      {
        rules: fc.array(
          fc.record({
            match: fc.record({
              kind: fc.constantFrom('exact', 'prefix', 'regex', 'nope'),
              value: fc.oneof(text, fc.constantFrom('(a+)+$', 'ab')),
            }),
            reply: fc.record({ kind: fc.constantFrom('echo', 'fixed', 'hex'), value: fc.oneof(text, fc.constantFrom('', '$1', 'ok')) }),
          }),
          { maxLength: 3 },
        ),
        fallback: fc.oneof(fc.constant(null), autoReply),
        sample: fc.oneof(fc.constantFrom('ab', 'aaaa!', '안녕', '\\q'), text),
        sessionId,
        encoding: fc.constantFrom('euc-kr', 'utf-8'),
      },
      { requiredKeys: ['rules', 'sample'] },
    ),
    startExport: fc.record(
      {
        sessionId,
        format: fc.constantFrom('pcapng', 'ndjson', 'csv', 'txt', 'pcap'),
        fileName: fc.oneof(fc.constantFrom('run', 'run.csv', '../up.csv', '/etc/x', 'a\\b', 'nul', 'x.', ''), text),
        filtered: fc.boolean(),
        overwrite: fc.boolean(),
      },
      { requiredKeys: ['sessionId', 'format'] },
    ),
    loadSettings: fc.constant({}),
    // Written to the run's data folder: a damaged or odd shape is refused, a good one kept.
    saveSettings: fc.record({
      settings: fc.record(
        {
          version: fc.oneof(fc.constant(1), oddNumber),
          app: fc.record(
            {
              theme: fc.constantFrom('system', 'light', 'dark', 'neon'),
              language: fc.constantFrom('en', 'ko', 'xx'),
              recentTargets: fc.array(text),
            },
            { requiredKeys: [] },
          ),
          sessions: fc.array(
            fc.record({
              id: fc.oneof(fc.nat(9), oddNumber),
              name: text,
              form: fc.dictionary(text, text),
              composer: fc.record({ draft: text }),
            }),
            { maxLength: 3 },
          ),
          nextId: fc.oneof(fc.nat(9), oddNumber),
        },
        { requiredKeys: [] },
      ),
    }),
    // A page never names a file: it sends a file's text to be checked, and (Electron only) asks for a dialog.
    checkWorkspaceText: fc.record(
      {
        text: fc.oneof(text, fc.constant('{"format":"socket-lab-workspace","version":1}')),
        name: fc.oneof(fc.constant('a.socketlab.json'), text),
      },
      { requiredKeys: ['text'] },
    ),
    openWorkspaceDialog: fc.constant({}),
    saveWorkspaceDialog: fc.record({
      name: fc.oneof(fc.constant('lesson'), text),
      workspace: fc.record(
        {
          format: fc.constantFrom('socket-lab-workspace', 'other'),
          version: fc.oneof(fc.constantFrom(1, 2, 0), oddNumber),
          sessions: fc.array(fc.record({ name: text, kind: fc.constantFrom('tcp-server', 'udp', 'nope'), host, port: port(0) }), {
            maxLength: 2,
          }),
          collections: fc.array(
            fc.record({
              name: text,
              messages: fc.array(
                fc.record({ name: text, payload: fc.record({ format: fc.constantFrom('text', 'hex', 'escaped', 'x'), text }) }),
                { maxLength: 3 },
              ),
            }),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: ['format', 'version'] },
      ),
    }),
    osSockets: fc.record({ sessionId }),
  };

  const mutation = fc.record({
    op: fc.constantFrom('replace', 'replace', 'drop', 'add', 'pollute', 'whole', 'wrap'),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...trickyKeys), fc.string({ maxLength: 8 })),
    value: junk,
  });
  const name = fc.constantFrom(...commandNames);
  const unknownName = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'openSession ', 'OPENSESSION', 'send\u0000', ''),
    fc.string({ maxLength: 30 }),
    hugeString,
  );

  const opening = fc.oneof(
    fc.record({ kind: fc.constant('tcp-client'), host: loopbackHost, port: fc.constant(peers.tcp) }),
    fc.record({ kind: fc.constant('tcp-server'), host: loopbackHost, port: fc.constant(0), autoReply }),
    fc.record({ kind: fc.constant('udp'), host: loopbackHost, port: fc.constant(0), autoReply }),
  );
  const sendToSink = fc.record({
    sessionId,
    bytes,
    to: fc.record({ kind: fc.constant('peer'), host: fc.constantFrom('127.0.0.1', 'localhost'), port: fc.constant(peers.udp) }),
  });
  const call = fc.oneof(
    { weight: 5, arbitrary: name.chain((n) => valid[n].map((payload) => ({ name: n, payload }))) },
    { weight: 1, arbitrary: sendToSink.map((payload) => ({ name: 'send', payload })) },
    {
      weight: 4,
      arbitrary: name.chain((n) => fc.tuple(valid[n], mutation).map(([payload, m]) => ({ name: n, payload: mutate(payload, m) }))),
    },
    { weight: 1, arbitrary: fc.record({ name, payload: junk }) },
    { weight: 1, arbitrary: fc.record({ name: unknownName, payload: fc.oneof(junk, valid.openSession) }) },
  );
  return fc
    .integer({ min: 1, max: 2 })
    .chain((opened) =>
      fc.tuple(
        fc.array(
          opening.map((payload): Call => ({ name: 'openSession', payload })),
          { minLength: opened, maxLength: opened },
        ),
        fc.array(call, { minLength: payloadsPerRun - opened, maxLength: payloadsPerRun - opened }),
      ),
    )
    .map(([first, rest]) => [...first, ...rest]);
}

// ---------- mutations of a valid payload ----------

type Mutation = { op: 'replace' | 'drop' | 'add' | 'pollute' | 'whole' | 'wrap'; at: number; key: string; value: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);

/** Every [object, key] pair in a payload, nested objects included: the places a mutation can hit. */
function slots(root: Record<string, unknown>): [Record<string, unknown>, string][] {
  const out: [Record<string, unknown>, string][] = [];
  const walk = (obj: Record<string, unknown>): void => {
    for (const key of Object.keys(obj)) {
      out.push([obj, key]);
      const child = obj[key];
      if (isRecord(child)) walk(child);
    }
  };
  walk(root);
  return out;
}

/** An own property even for "__proto__" (a plain assignment would set the prototype instead), as JSON.parse makes it. */
const define = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

function mutate(payload: unknown, m: Mutation): unknown {
  if (m.op === 'whole') return m.value;
  if (!isRecord(payload)) return m.value;
  const copy = structuredClone(payload);
  const all = slots(copy);
  const slot = all.length > 0 ? all[m.at % all.length] : undefined;
  switch (m.op) {
    case 'replace':
      if (slot) slot[0][slot[1]] = m.value;
      return copy;
    case 'drop':
      if (slot) delete slot[0][slot[1]];
      return copy;
    case 'add': {
      const parents = [copy, ...all.map(([parent, key]) => parent[key]).filter(isRecord)];
      define(parents[m.at % parents.length]!, m.key, m.value);
      return copy;
    }
    case 'pollute': {
      const parents = [copy, ...all.map(([parent, key]) => parent[key]).filter(isRecord)];
      const target = parents[m.at % parents.length]!;
      define(target, '__proto__', { polluted: 'yes', kind: 'udp', host: '0.0.0.0', port: 0, sessionId: 's1' });
      define(target, 'constructor', { prototype: { polluted: 'yes' } });
      return copy;
    }
    case 'wrap':
      return [copy];
  }
}

// ---------- what every answer must look like ----------

/** What is wrong with an answer, or null: plain checks, so that 10,000 answers cost next to nothing to check. */
function flawOf(answer: unknown): string | null {
  if (!isRecord(answer)) return 'not an object';
  try {
    // It crosses a process boundary as a structured clone (Electron IPC) or as JSON (the web bridge).
    structuredClone(answer);
  } catch (err) {
    return `cannot be cloned: ${String(err).slice(0, 200)}`;
  }
  const keys = Object.keys(answer).sort().join();
  if (answer['ok'] === true) return keys === 'ok,value' ? null : `keys ${keys}`;
  if (answer['ok'] !== false || keys !== 'error,ok') return `neither { ok: true, value } nor { ok: false, error }: keys ${keys}`;
  const error = answer['error'];
  if (!isRecord(error)) return 'error is not an object';
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'field', 'problem'].includes(k));
  if (extra.length > 0) return `error has extra keys ${extra.join()}`;
  const { code, message, field, problem } = error;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)) return `code ${String(code)}`;
  if (typeof message !== 'string' || message.length === 0) return 'no message';
  // INTERNAL is the router's answer to a bug: no payload may reach one.
  if (code === 'INTERNAL') return `INTERNAL: ${message.slice(0, 300)}`;
  if (message.length > messageBound) return `a message of ${message.length} characters: ${message.slice(0, 200)}…`;
  if (field !== undefined && (typeof field !== 'string' || field.length === 0 || field.length > 200))
    return `field ${String(field).slice(0, 200)}`;
  if (problem !== undefined) {
    if (!isRecord(problem) || !isProblemKey(problem['key'])) return `problem ${JSON.stringify(problem)?.slice(0, 200)}`;
    const params = problem['params'];
    if (params !== undefined) {
      if (!isRecord(params)) return 'problem params are not an object';
      for (const [name, value] of Object.entries(params)) {
        if (typeof value !== 'string' && typeof value !== 'number') return `problem param ${name} is a ${typeof value}`;
        if (typeof value === 'string' && value.length > messageBound) return `problem param ${name} has ${value.length} characters`;
      }
    }
  }
  return null;
}

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// ---------- the fuzz ----------

describe('command router under fuzzing', () => {
  it(`answers ${totalPayloads.toLocaleString('en-US')} generated and mutated payloads with typed results, and reaches nothing but loopback`, async () => {
    const network: LoopbackNetwork = loopbackNetwork();
    network.allowPeer('tcp', ports.tcp);
    network.allowPeer('udp', ports.udp);
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const seed = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : Date.now() % 2 ** 31;
    let handled = 0;

    await fc.assert(
      fc.asyncProperty(runArbitrary(ports), async (calls) => {
        // A fresh engine per run: its session ids (s1, s2...) are the ones the payloads name.
        const engine = new Engine({ network });
        const router = createRouter(engine, { dataDir });
        try {
          for (const call of calls) {
            const answer = await within(callBoundMs, router.handle(call.name, call.payload), `${call.name.slice(0, 40)}`);
            handled++;
            const flaw = flawOf(answer);
            if (flaw !== null) expect.fail(`${call.name.slice(0, 40)}: ${flaw}`);
          }
        } finally {
          await within(10_000, engine.closeAll(), 'closeAll');
        }
        await nextTurn();
        expect(network.stillOpen(), 'sockets left open after closeAll').toEqual([]);
      }),
      { numRuns: totalPayloads / payloadsPerRun, seed },
    );

    expect(handled).toBe(totalPayloads);
    const outside = network.attempts.filter((a) => a.reached && !isLoopback(a.host));
    expect(outside, 'addresses outside loopback reached').toEqual([]);
    // No name but localhost was ever looked up (IP literals are answered as they are, with no resolver).
    expect(network.attempts.filter((a) => a.kind === 'lookup' && a.host !== 'localhost' && net.isIP(a.host ?? '') === 0)).toEqual([]);
    // The fuzz did ask for the outside world and for loopback: both paths were exercised.
    expect(network.attempts.some((a) => !a.reached && !isLoopback(a.host))).toBe(true);
    expect(network.attempts.some((a) => a.reached && a.kind === 'connect')).toBe(true);
    expect(network.attempts.some((a) => a.reached && a.kind === 'send')).toBe(true);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Whatever file names came in, captures and exports were written in their own folders only (beside the kept settings).
    const kept = new Set(['captures', 'exports', 'workspaces', 'settings.json']);
    expect((await readdir(dataDir)).filter((name) => !kept.has(name))).toEqual([]);
    // Workspaces were written where they were asked for, whole, and no temporary file was left behind.
    expect((await readdir(path.join(dataDir, 'workspaces'))).filter((name) => !name.endsWith('.socketlab.json'))).toEqual([]);
  }, 120_000);
});
