// How the first-time explanations tell a joined or split TCP read (both ends in the window: writes against
// reads, byte for byte), and the one-end heuristic of lines in a read.
import { describe, expect, it } from 'vitest';
import { linesInRead, StreamBoundaries } from '../../src/renderer/src/features/first-time/stream-boundaries';

describe('writes against reads', () => {
  it('a read holding two writes joined them', () => {
    const b = new StreamBoundaries();
    b.wrote('a>b', 5);
    b.wrote('a>b', 5);
    expect(b.read('a>b', 10)).toEqual({ kind: 'joined', count: 2 });
  });

  it('one write read in three pieces was split, said when its last piece comes', () => {
    const b = new StreamBoundaries();
    b.wrote('a>b', 100);
    expect(b.read('a>b', 40)).toBeNull();
    expect(b.read('a>b', 40)).toBeNull();
    expect(b.read('a>b', 20)).toEqual({ kind: 'split', size: 100, count: 3 });
  });

  it('a read per write says nothing; a read before its write is known says nothing either', () => {
    const b = new StreamBoundaries();
    b.wrote('a>b', 5);
    expect(b.read('a>b', 5)).toBeNull();
    b.wrote('a>b', 7);
    expect(b.read('a>b', 7)).toBeNull();
    expect(b.knowsSender('a>b')).toBe(true);
    expect(b.read('c>d', 3)).toBeNull();
    expect(b.knowsSender('c>d')).toBe(false);
  });

  it('keeps each flow apart', () => {
    const b = new StreamBoundaries();
    b.wrote('a>b', 4);
    b.wrote('b>a', 4);
    b.wrote('b>a', 4);
    expect(b.read('a>b', 4)).toBeNull();
    expect(b.read('b>a', 8)).toEqual({ kind: 'joined', count: 2 });
  });
});

describe('lines in a read (only one end in the window)', () => {
  it('counts whole lines, CRLF or LF, not what follows the last line ending', () => {
    expect(linesInRead('one\ntwo\n')).toBe(2);
    expect(linesInRead('one\r\ntwo\r\nthr')).toBe(2);
    expect(linesInRead('one\n')).toBe(1);
    expect(linesInRead('\n\n')).toBe(0);
    expect(linesInRead('no line ending')).toBe(0);
  });
});
