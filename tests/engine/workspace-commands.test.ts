// openWorkspace / saveWorkspace through the command router, as the window will call them: a workspace
// read opens nothing, a save is atomic and keeps unknown fields, and every bad file is one clear keyed error.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import type { CommandError, Result } from '../../src/shared/contract';
import { problemText } from '../../src/shared/problems';
import type { Workspace } from '../../src/shared/workspace';

let api: Api;
let dir: string;
beforeEach(async () => {
  api = createApi(new Engine());
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-workspace-'));
});
afterEach(async () => {
  await api.closeAll();
  await rm(dir, { recursive: true, force: true });
});

const lesson = (): Workspace => ({
  format: 'socket-lab-workspace',
  version: 1,
  madeBy: 'a newer Socket Lab',
  sessions: [
    { name: 'Echo', kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' }, layout: { split: 0.4 } },
    { name: 'Ask', kind: 'tcp-client', host: '127.0.0.1', port: 9 },
  ],
  collections: [{ name: 'Basics', messages: [{ name: 'hi', payload: { format: 'text', text: 'hi', emphasis: 1 } }] }],
});

function errorOf<T>(result: Result<T>): CommandError {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('openWorkspace', () => {
  it('answers the file as it is, and opens no session and sends nothing', async () => {
    const file = path.join(dir, 'lesson.socketlab.json');
    await writeFile(file, JSON.stringify(lesson()));
    const opened = await api.openWorkspace({ path: file });
    expect(opened.ok && opened.value).toEqual({ path: file, workspace: lesson() });
    expect(await api.listSessions({})).toEqual({ ok: true, value: [] });
  });

  it('says a missing file, a file that is not JSON, a file too large and a newer version, each in one sentence', async () => {
    const missing = errorOf(await api.openWorkspace({ path: path.join(dir, 'none.socketlab.json') }));
    expect(missing.problem?.key).toBe('workspaceMissing');

    const corrupt = path.join(dir, 'corrupt.socketlab.json');
    await writeFile(corrupt, '{"format": "socket-lab-workspace", "version": 1,');
    const notJson = errorOf(await api.openWorkspace({ path: corrupt }));
    expect(notJson.problem?.key).toBe('workspaceNotJson');
    expect(notJson.message).toMatch(/^".*corrupt\.socketlab\.json" is not a workspace: it is not valid JSON \(.+\)\.$/);

    const huge = path.join(dir, 'huge.socketlab.json');
    await writeFile(huge, Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    expect(errorOf(await api.openWorkspace({ path: huge })).message).toMatch(
      /is 16777217 bytes: a workspace file may have at most 16 MiB\.$/,
    );

    const newer = path.join(dir, 'newer.socketlab.json');
    await writeFile(newer, JSON.stringify({ ...lesson(), version: 3 }));
    const tooNew = errorOf(await api.openWorkspace({ path: newer }));
    expect(tooNew.field).toBe('version');
    expect(tooNew.message).toContain('is a workspace of version 3, saved by a newer Socket Lab: this one reads version 1.');
  });

  it('places a mistake inside the file at its field', async () => {
    const file = path.join(dir, 'bad.socketlab.json');
    const bad = lesson();
    bad.collections![0]!.messages[0]!.payload = { format: 'hex', text: '4x' };
    await writeFile(file, JSON.stringify(bad));
    const error = errorOf(await api.openWorkspace({ path: file }));
    expect(error).toMatchObject({
      code: 'INVALID_WORKSPACE',
      field: 'collections.0.messages.0.payload.text',
      problem: { key: 'hexBadDigit' },
    });
  });

  it('refuses a path that is not a full path to a .socketlab.json file, before touching the disk', async () => {
    for (const bad of ['lesson.socketlab.json', '/etc/passwd', path.join(dir, 'x.json')]) {
      const error = errorOf(await api.openWorkspace({ path: bad }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'path', problem: { key: 'workspaceBadPath' } });
    }
  });
});

describe('saveWorkspace', () => {
  it('writes the workspace whole, unknown fields kept, and reads back the same', async () => {
    const file = path.join(dir, 'saved.socketlab.json');
    const saved = await api.saveWorkspace({ path: file, workspace: lesson() });
    expect(saved.ok).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(saved.ok && saved.value).toEqual({ path: file, bytes: Buffer.byteLength(text) });
    expect(JSON.parse(text)).toEqual(lesson());
    const opened = await api.openWorkspace({ path: file });
    expect(opened.ok && opened.value.workspace).toEqual(lesson());
  });

  it('replaces an existing file by a rename, leaving no temporary file beside it', async () => {
    const file = path.join(dir, 'again.socketlab.json');
    await writeFile(file, 'old');
    expect((await api.saveWorkspace({ path: file, workspace: lesson() })).ok).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(lesson());
    expect(await readdir(dir)).toEqual(['again.socketlab.json']);
  });

  it('refuses a workspace with a mistake, at its field, and writes nothing', async () => {
    const file = path.join(dir, 'never.socketlab.json');
    const bad = lesson();
    bad.sessions![0]!.port = 70000;
    const error = errorOf(await api.saveWorkspace({ path: file, workspace: bad }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'workspace.sessions.0.port', problem: { key: 'portRangeAny' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says a folder that does not exist', async () => {
    const file = path.join(dir, 'nowhere', 'w.socketlab.json');
    const error = errorOf(await api.saveWorkspace({ path: file, workspace: lesson() }));
    expect(error.problem?.key).toBe('workspaceNoFolder');
    expect(error.message).toBe(problemText(error.problem!));
  });
});
