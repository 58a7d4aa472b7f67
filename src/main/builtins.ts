// Node's built-in modules that some commands need and a one-shot `socket-lab send` does not: each is
// loaded on first use (process.getBuiltinModule, Node 22.3+) instead of at start, where together they
// cost about 2 ms of every start (bench figure 4a). node:net, node:fs and node:path load at start anyway.
import type * as Dgram from 'node:dgram';
import type * as DnsPromises from 'node:dns/promises';
import type * as FsPromises from 'node:fs/promises';
import type * as Os from 'node:os';
import type * as Readline from 'node:readline';
import type * as WorkerThreads from 'node:worker_threads';

export const dgramModule = (): typeof Dgram => process.getBuiltinModule('node:dgram');
export const dnsPromises = (): typeof DnsPromises => process.getBuiltinModule('node:dns/promises');
export const fsPromises = (): typeof FsPromises => process.getBuiltinModule('node:fs/promises');
export const moduleModule = (): typeof import('node:module') => process.getBuiltinModule('node:module');
export const osModule = (): typeof Os => process.getBuiltinModule('node:os');
export const readlineModule = (): typeof Readline => process.getBuiltinModule('node:readline');
export const workerThreads = (): typeof WorkerThreads => process.getBuiltinModule('node:worker_threads');
