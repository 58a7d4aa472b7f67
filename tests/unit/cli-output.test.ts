// The CLI's buffered standard output: one write per event-loop turn, bytes kept exact, nothing written once the reader is gone.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/main/cli/output';

/** A stream that records each write it is handed. */
function recorder() {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, writes };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Output', () => {
  it('gathers the lines of one turn into one write', async () => {
    const { stream, writes } = recorder();
    const out = new Output(stream);
    for (let i = 0; i < 1000; i++) out.write(`line ${i}\n`);
    expect(writes).toHaveLength(0);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.toString().split('\n')).toHaveLength(1001);
  });

  it('writes at once past its threshold, so memory stays small at any rate', () => {
    const { stream, writes } = recorder();
    const out = new Output(stream);
    out.write('x'.repeat(300 * 1024));
    expect(writes).toHaveLength(1);
  });

  it('keeps bytes exact when text and raw bytes are mixed', async () => {
    const { stream, writes } = recorder();
    const out = new Output(stream);
    out.write(Uint8Array.from([0x00, 0xff, 0x80]));
    out.write('안');
    await out.drained();
    expect(Buffer.concat(writes)).toEqual(Buffer.from([0x00, 0xff, 0x80, 0xec, 0x95, 0x88]));
  });

  it('drained() waits until everything has left, including what was just written', async () => {
    const { stream, writes } = recorder();
    const out = new Output(stream);
    out.write('last words\n');
    await out.drained();
    expect(Buffer.concat(writes).toString()).toBe('last words\n');
  });

  it('goes quiet once the stream fails (the reader went away)', async () => {
    const { stream, writes } = recorder();
    const out = new Output(stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await out.whenClosed;
    expect(out.closed).toBe(true);
    out.write('nobody reads this\n');
    await out.drained();
    expect(writes).toHaveLength(0);
  });

  it('builds a stream given as a function when first needed, once, and still hears its errors', async () => {
    const { stream, writes } = recorder();
    let built = 0;
    const out = new Output(() => {
      built++;
      return stream;
    });
    await out.drained();
    expect(built).toBe(0); // nothing written: nothing built
    out.write('first\n');
    await out.drained();
    out.open();
    expect(built).toBe(1);
    expect(Buffer.concat(writes).toString()).toBe('first\n');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await out.whenClosed;
    expect(out.closed).toBe(true);
  });
});
