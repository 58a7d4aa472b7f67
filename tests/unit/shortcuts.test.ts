// Which key does what: by key position for Alt (any layout, macOS Option characters), ? only when
// not typing, and nothing for keys that are not shortcuts (the page keeps them).
import { describe, expect, it } from 'vitest';
import { savedMessageIndex } from '../../src/renderer/src/features/shortcuts/saved-message-key';
import { actionFor } from '../../src/renderer/src/features/shortcuts/use-shortcuts';

const key = (over: Partial<Parameters<typeof actionFor>[0]>) =>
  actionFor({ altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, code: '', key: '', target: null, ...over });

describe('keyboard shortcuts', () => {
  it('reads Alt+letter by key position, whatever character the layout makes', () => {
    expect(key({ altKey: true, code: 'KeyC', key: 'ç' })).toBe('connect');
    expect(key({ altKey: true, code: 'KeyN', key: 'ㅜ' })).toBe('new');
    expect(key({ altKey: true, code: 'KeyM' })).toBe('composer');
    expect(key({ altKey: true, code: 'KeyL' })).toBe('clear');
    expect(key({ altKey: true, code: 'KeyX' })).toBeNull();
    expect(key({ altKey: true, ctrlKey: true, code: 'KeyC' })).toBeNull();
  });

  it('finds with Ctrl+F (Cmd+F), closes details with Esc', () => {
    expect(key({ ctrlKey: true, code: 'KeyF', key: 'f' })).toBe('find');
    expect(key({ metaKey: true, code: 'KeyF', key: 'f' })).toBe('find');
    expect(key({ key: 'Escape', code: 'Escape' })).toBe('closeDetails');
    expect(key({ key: 'c', code: 'KeyC' })).toBeNull();
  });

  it('sends saved messages with Ctrl+1..9 (Cmd on macOS) by key position, even while typing', () => {
    const field = { tagName: 'TEXTAREA' } as unknown as EventTarget;
    expect(key({ ctrlKey: true, code: 'Digit1', key: '1' })).toBe('savedMessage');
    expect(key({ metaKey: true, code: 'Digit9', key: '9', target: field })).toBe('savedMessage');
    expect(key({ ctrlKey: true, code: 'Digit0', key: '0' })).toBeNull();
    expect(key({ ctrlKey: true, shiftKey: true, code: 'Digit1', key: '!' })).toBeNull();
    expect(key({ ctrlKey: true, altKey: true, code: 'Digit1' })).toBeNull();
    expect(savedMessageIndex({ ctrlKey: true, altKey: false, metaKey: false, shiftKey: false, code: 'Digit3' })).toBe(2);
  });
});
