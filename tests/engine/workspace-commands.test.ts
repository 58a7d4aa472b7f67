// The window's workspace commands through the router: checkWorkspaceText (browser mode: the page read the
// file) and the dialog commands (Electron: the person picks, the main side reads and writes), driven here
// with real files. A workspace read opens nothing, a save is atomic and keeps unknown fields, and every
// bad file is said at its paths. A page never names a file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import type { CommandError, Result } from '../../src/shared/contract';
import { problemText } from '../../src/shared/problems';
import { serializeWorkspace, type Workspace } from '../../src/shared/workspace';
import { workspaceDialogs } from '../../src/main/workspace/dialogs';

let api: Api;
let dir: string;
/** What the person picks in the next dialog (null: cancelled), and what the save dialog proposed. */
let picked: string | null = null;
let proposed: string | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-workspace-'));
  picked = null;
  api = createApi(new Engine(), {
    workspaceDialogs: workspaceDialogs({
      pickOpen: async () => picked,
      pickSave: async (name) => {
        proposed = name;
        return picked;
      },
    }),
  });
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

describe('checkWorkspaceText (browser mode: the page read the file)', () => {
  it('answers the workspace as it is, unknown fields kept, and opens no session', async () => {
    const checked = await api.checkWorkspaceText({ text: JSON.stringify(lesson()), name: 'lesson.socketlab.json' });
    expect(checked.ok && checked.value).toEqual({ check: { ok: true, workspace: lesson() } });
    expect(await api.listSessions({})).toEqual({ ok: true, value: [] });
  });

  it('says every mistake at its path, and a text that is not JSON or not a workspace', async () => {
    const bad = lesson();
    bad.collections![0]!.messages[0]!.payload = { format: 'hex', text: '4x' };
    bad.sessions![1]!.port = 70000;
    const checked = await api.checkWorkspaceText({ text: JSON.stringify(bad), name: 'bad.socketlab.json' });
    expect(checked.ok && checked.value.check).toMatchObject({
      ok: false,
      mistakes: [
        { field: 'sessions.1.port', problem: { key: 'portRange' } },
        { field: 'collections.0.messages.0.payload.text', problem: { key: 'hexBadDigit' } },
      ],
    });
    const notJson = await api.checkWorkspaceText({ text: '{"format":', name: 'x.socketlab.json' });
    expect(notJson.ok && notJson.value.check).toMatchObject({ ok: false, mistakes: [{ problem: { key: 'workspaceNotJson' } }] });
    const other = await api.checkWorkspaceText({ text: '{"a":1}' });
    expect(other.ok && other.value.check).toMatchObject({
      ok: false,
      mistakes: [{ field: 'format', problem: { key: 'workspaceWrongFormat' } }],
    });
  });

  it('refuses a name with a folder in it, and a text past the size of a workspace file', async () => {
    for (const name of ['/etc/passwd', '../x.socketlab.json', 'a\\b', ''])
      expect(errorOf(await api.checkWorkspaceText({ text: '{}', name }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'name',
        problem: { key: 'workspaceFileName' },
      });
    expect(errorOf(await api.checkWorkspaceText({ text: ' '.repeat(16 * 1024 * 1024 + 1) }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'text',
    });
  });
});

describe('the dialog commands', () => {
  it('are unavailable without Electron: browser mode opens and saves through the page', async () => {
    const plain = createApi(new Engine());
    expect(await plain.openWorkspaceDialog({})).toEqual({ ok: true, value: { available: false } });
    expect(await plain.saveWorkspaceDialog({ workspace: lesson() })).toEqual({ ok: true, value: { available: false } });
    await plain.closeAll();
  });

  it('open: the chosen file read and checked main-side; cancelled, nothing', async () => {
    expect(await api.openWorkspaceDialog({})).toEqual({ ok: true, value: { available: true, canceled: true } });
    picked = path.join(dir, 'lesson.socketlab.json');
    await writeFile(picked, JSON.stringify(lesson()));
    expect(await api.openWorkspaceDialog({})).toEqual({
      ok: true,
      value: { available: true, canceled: false, name: 'lesson.socketlab.json', check: { ok: true, workspace: lesson() } },
    });
    expect(await api.listSessions({})).toEqual({ ok: true, value: [] });
  });

  it('open: a missing, huge or newer file said in one sentence', async () => {
    picked = path.join(dir, 'none.socketlab.json');
    expect(errorOf(await api.openWorkspaceDialog({})).problem?.key).toBe('workspaceMissing');
    picked = path.join(dir, 'huge.socketlab.json');
    await writeFile(picked, Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    expect(errorOf(await api.openWorkspaceDialog({})).message).toMatch(/is 16777217 bytes: a workspace file may have at most 16 MiB\.$/);
    picked = path.join(dir, 'newer.socketlab.json');
    await writeFile(picked, JSON.stringify({ ...lesson(), version: 3 }));
    const opened = await api.openWorkspaceDialog({});
    expect(opened.ok && opened.value).toMatchObject({ check: { ok: false, mistakes: [{ field: 'version' }] } });
  });

  it('save: written whole as the CLI writes it, unknown fields kept, the extension added, replacing by a rename', async () => {
    picked = path.join(dir, 'saved');
    const saved = await api.saveWorkspaceDialog({ workspace: lesson(), name: 'Lesson 3' });
    expect(proposed).toBe('Lesson 3.socketlab.json');
    const file = path.join(dir, 'saved.socketlab.json');
    const text = await readFile(file, 'utf8');
    expect(text).toBe(serializeWorkspace(lesson()));
    expect(saved.ok && saved.value).toEqual({
      available: true,
      canceled: false,
      name: 'saved.socketlab.json',
      bytes: Buffer.byteLength(text),
    });
    picked = file;
    expect((await api.saveWorkspaceDialog({ workspace: { ...lesson(), name: 'again' } })).ok).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ name: 'again' });
    expect(await readdir(dir)).toEqual(['saved.socketlab.json']);
  });

  it('save: a workspace with a mistake refused at its field before the dialog, nothing written', async () => {
    picked = path.join(dir, 'never.socketlab.json');
    const bad = lesson();
    bad.sessions![0]!.port = 70000;
    const error = errorOf(await api.saveWorkspaceDialog({ workspace: bad }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'workspace.sessions.0.port', problem: { key: 'portRangeAny' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('save: a folder that does not exist said in one sentence', async () => {
    picked = path.join(dir, 'nowhere', 'w.socketlab.json');
    const error = errorOf(await api.saveWorkspaceDialog({ workspace: lesson() }));
    expect(error.problem?.key).toBe('workspaceNoFolder');
    expect(error.message).toBe(problemText(error.problem!));
  });
});
