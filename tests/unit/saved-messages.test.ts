// The saved-messages model the window's panel edits (src/shared/saved-messages.ts): search, add, replace,
// remove, reorder, each answering a new workspace with everything else (unknown fields too) as it was.
import { describe, expect, it } from 'vitest';
import {
  addCollection,
  clientKindOf,
  moveMessage,
  payloadOfBytes,
  payloadPreview,
  removeCollection,
  renameCollection,
  udpBindHostFor,
  openRequestOf,
  putMessage,
  removeMessage,
  searchMessages,
  shortcutMessages,
  type Edit,
} from '../../src/shared/saved-messages';
import { checkWorkspace, type SavedMessage, type Workspace } from '../../src/shared/workspace';

const text = (name: string, payload: string, extra: Partial<SavedMessage> = {}): SavedMessage => ({
  name,
  payload: { format: 'text', text: payload },
  ...extra,
});

const lesson = (): Workspace => ({
  format: 'socket-lab-workspace',
  version: 1,
  theme: 'kept',
  sessions: [{ name: 'Echo', kind: 'tcp-server', host: '127.0.0.1', port: 0, pinned: true }],
  collections: [
    {
      name: 'Lab 1',
      color: 'red',
      messages: [text('greet', 'hello'), text('bye', 'goodbye', { notes: 'Ends the chat' }), text('ping', 'PING')],
    },
    { name: 'Lab 2', messages: [text('dns', 'x', { target: { protocol: 'udp', host: '127.0.0.1', port: 53 } })] },
  ],
});

function edited(edit: Edit): Workspace {
  if (!edit.ok) throw new Error(edit.problem.key);
  expect(checkWorkspace(edit.workspace, 'w').ok).toBe(true);
  return edit.workspace;
}
const names = (w: Workspace, i = 0): string[] => w.collections![i]!.messages.map((m) => m.name);

describe('saved messages', () => {
  it('are found by any words of their name, notes, payload or target', () => {
    expect(searchMessages(lesson(), 'CHAT').map((f) => f.message.name)).toEqual(['bye']);
    expect(searchMessages(lesson(), 'udp 53').map((f) => f.message.name)).toEqual(['dns']);
    expect(searchMessages(lesson(), 'lab 2').map((f) => f.message.name)).toEqual(['dns']);
    expect(searchMessages(lesson(), 'LAB').map((f) => f.message.name)).toEqual(['greet', 'bye', 'ping', 'dns']);
    expect(searchMessages(lesson(), '')).toHaveLength(4);
  });

  it('are added, replaced in place, removed and reordered, the rest kept as it was', () => {
    let w = edited(putMessage(lesson(), 'Lab 1', text('new', 'n')));
    expect(names(w)).toEqual(['greet', 'bye', 'ping', 'new']);
    w = edited(putMessage(w, 'Lab 1', text('hello', 'hi'), 'greet'));
    expect(names(w)).toEqual(['hello', 'bye', 'ping', 'new']);
    w = edited(moveMessage(w, 'Lab 1', 3, 0));
    expect(names(w)).toEqual(['new', 'hello', 'bye', 'ping']);
    w = edited(removeMessage(w, 'Lab 1', 'bye'));
    expect(names(w)).toEqual(['new', 'hello', 'ping']);
    expect(w.theme).toBe('kept');
    expect(w.collections![0]!.color).toBe('red');
    expect(w.collections![1]).toEqual(lesson().collections![1]);
  });

  it('refuse a name taken in the collection, a collection taken or unknown', () => {
    expect(putMessage(lesson(), 'Lab 1', text('ping', 'p'))).toMatchObject({ ok: false, problem: { key: 'workspaceMessageTwice' } });
    expect(putMessage(lesson(), 'Lab 9', text('x', 'p'))).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionUnknown' } });
    expect(addCollection(lesson(), 'Lab 2')).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionTwice' } });
    expect(addCollection(lesson(), 'a/b')).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionSlash' } });
    expect(names(edited(addCollection(lesson(), 'Lab 3')), 2)).toEqual([]);
  });

  it('give Ctrl+1..9 the first nine of a collection, and sessions their open request', () => {
    const many = { name: 'c', messages: Array.from({ length: 12 }, (_, i) => text(`m${i + 1}`, 'x')) };
    expect(shortcutMessages(many).map((m) => m.name)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(openRequestOf(lesson().sessions![0]!)).toEqual({ kind: 'tcp-server', host: '127.0.0.1', port: 0, pinned: true });
  });

  it('rename and remove whole collections, refusing a clash or a slash', () => {
    const renamed = edited(renameCollection(lesson(), 'Lab 1', 'Week 1'));
    expect(renamed.collections!.map((c) => c.name)).toEqual(['Week 1', 'Lab 2']);
    expect(renamed.collections![0]!.color).toBe('red');
    expect(renameCollection(lesson(), 'Lab 1', 'Lab 2')).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionTwice' } });
    expect(renameCollection(lesson(), 'Lab 1', 'a/b')).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionSlash' } });
    expect(edited(renameCollection(lesson(), 'Lab 1', 'Lab 1')).collections).toEqual(lesson().collections);
    expect(edited(removeCollection(lesson(), 'Lab 1')).collections!.map((c) => c.name)).toEqual(['Lab 2']);
    expect(removeCollection(lesson(), 'Lab 9')).toMatchObject({ ok: false, problem: { key: 'workspaceCollectionUnknown' } });
  });

  it("open a client of the target's protocol, a UDP socket bound where it can reach the target", () => {
    expect([clientKindOf('tcp'), clientKindOf('udp'), clientKindOf('tls')]).toEqual(['tcp-client', 'udp', 'tls-client']);
    expect(udpBindHostFor('127.0.0.1')).toBe('127.0.0.1');
    expect(udpBindHostFor('localhost')).toBe('127.0.0.1');
    expect(udpBindHostFor('::1')).toBe('::1');
    expect(udpBindHostFor('[::1]')).toBe('::1');
    expect(udpBindHostFor('192.0.2.7')).toBe('0.0.0.0');
    expect(udpBindHostFor('2001:db8::1')).toBe('::');
  });

  it('show a payload in one line, cut, with line breaks made visible', () => {
    expect(payloadPreview({ format: 'text', text: 'GET /\r\n' })).toBe('GET /\\r\\n');
    expect(payloadPreview({ format: 'text', text: 'x'.repeat(50) }, 10)).toBe('xxxxxxxxx…');
  });

  it('keep a log entry as text when it is printable text, else as hex', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(payloadOfBytes(bytes('HELLO\r\n'))).toEqual({ format: 'text', text: 'HELLO\r\n' });
    expect(payloadOfBytes(bytes('안녕'))).toEqual({ format: 'text', text: '안녕' });
    expect(payloadOfBytes(new Uint8Array([0x00, 0x41]))).toEqual({ format: 'hex', text: '00 41' });
    expect(payloadOfBytes(new Uint8Array([0xff, 0xfe]))).toEqual({ format: 'hex', text: 'FF FE' });
    expect(payloadOfBytes(new Uint8Array([]))).toEqual({ format: 'hex', text: '' });
    // Another encoding read main-side: its text is used, or hex when it is not text in it.
    expect(payloadOfBytes(new Uint8Array([0xbe, 0xc8]), '안')).toEqual({ format: 'text', text: '안' });
    expect(payloadOfBytes(new Uint8Array([0xbe]), null)).toEqual({ format: 'hex', text: 'BE' });
  });
});
