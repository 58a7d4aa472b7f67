// The window as a workspace file and back (features/workspace-file/window-workspace.ts): a file's session
// becomes the connection form's values, the sidebar's entries become open requests with their names, and
// what the form does not hold (a newer version's fields) is written back as it was.
import { describe, expect, it } from 'vitest';
import { withWorkspaceExtension } from '../../src/main/workspace/dialogs';
import { initialForm } from '../../src/renderer/src/features/connection-form/form-model';
import { formFromRequest, unmanagedFields, windowWorkspace } from '../../src/renderer/src/features/workspace-file/window-workspace';
import type { Entry } from '../../src/renderer/src/features/workspace/workspace-store';
import { checkWorkspace, type WorkspaceSession } from '../../src/shared/workspace';

const entry = (id: number, name: string, form: Partial<typeof initialForm>): Entry => ({
  id,
  name,
  form: { ...initialForm, ...form },
  composer: { format: 'text', lineEnding: 'none', draft: '', history: [], target: 'all', destHost: '', destPort: '' },
  sessionId: null,
  extra: {},
  formKey: `e${id}`,
  askedPort: null,
});

describe('the window as a workspace', () => {
  it("reads a file's session into the form: numbers as typed text, auto-reply and keep-alive in their fields", () => {
    const server = {
      name: 'Echo',
      kind: 'tcp-server',
      host: '::1',
      port: 9000,
      autoReply: { mode: 'prefix', text: 'ACK : ', closeAfterReply: true },
      keepAliveMs: 30000,
      maxFrame: 4096,
      framing: 'line',
      pinned: true,
    } as unknown as WorkspaceSession;
    expect(formFromRequest(server)).toMatchObject({
      kind: 'tcp-server',
      host: '::1',
      port: '9000',
      replyMode: 'prefix',
      replyText: 'ACK : ',
      closeAfterReply: true,
      keepAlive: true,
      keepAliveMs: '30000',
      maxFrame: '4096',
      framing: 'line',
    });
    const client = formFromRequest({ name: 'c', kind: 'tcp-client', host: '127.0.0.1', port: 9 } as WorkspaceSession);
    expect(client).toMatchObject({ kind: 'tcp-client', port: '9', keepAlive: false, replyMode: 'none', connectTimeoutMs: '5000' });
    expect(unmanagedFields(server)).toEqual({ pinned: true });
  });

  it('writes the entries as checked open requests with names, leaves out an incomplete form, keeps unknown fields', () => {
    const entries = [
      entry(1, 'Echo', { kind: 'tcp-server', host: '127.0.0.1', port: '0', replyMode: 'echo' }),
      entry(2, '', { kind: 'tcp-client', host: '127.0.0.1', port: '' }),
      entry(3, '', { kind: 'udp', host: '127.0.0.1', port: '9300' }),
    ];
    const collections = [{ name: 'Lab', messages: [{ name: 'hi', payload: { format: 'text' as const, text: 'hi' } }] }];
    const { workspace, leftOut } = windowWorkspace(
      entries,
      (e) => e.name || `entry ${e.id}`,
      collections,
      new Map([[1, { pinned: true }]]),
      { format: 'socket-lab-workspace', version: 1, teacher: 'kept', sessions: [], collections: [] },
    );
    expect(leftOut).toBe(1);
    expect(workspace.teacher).toBe('kept');
    expect(workspace.collections).toEqual(collections);
    expect(workspace.sessions).toMatchObject([
      { name: 'Echo', kind: 'tcp-server', port: 0, autoReply: { mode: 'echo' }, pinned: true },
      { name: 'entry 3', kind: 'udp', port: 9300 },
    ]);
    expect(checkWorkspace(workspace, 'w').ok).toBe(true);
    // Read back, the form is what it was.
    expect(formFromRequest(workspace.sessions![0]!)).toMatchObject({ kind: 'tcp-server', port: '0', replyMode: 'echo' });
  });

  it('names a saved file with the workspace extension once', () => {
    expect(withWorkspaceExtension('lesson')).toBe('lesson.socketlab.json');
    expect(withWorkspaceExtension('lesson.json')).toBe('lesson.socketlab.json');
    expect(withWorkspaceExtension('Lesson.SocketLab.json')).toBe('Lesson.SocketLab.json');
  });
});
