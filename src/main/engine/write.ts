// Writes that respect TCP backpressure: when write() returns false, wait for 'drain'
// (or for the socket to die) before taking the next chunk.
import type { Socket } from 'node:net';

export function writeWithBackpressure(socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || !socket.writable) {
      reject(Object.assign(new Error('socket not writable'), { code: 'ERR_SOCKET_CLOSED' }));
      return;
    }
    let settled = false;
    const cleanup = (): void => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
    };
    const onDrain = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(Object.assign(new Error('socket closed before the data was written'), { code: 'EPIPE' }));
    };
    const flushed = socket.write(bytes, (err) => {
      if (err && !settled) {
        settled = true;
        cleanup();
        reject(err);
      }
    });
    if (flushed) {
      settled = true;
      resolve();
      return;
    }
    socket.on('drain', onDrain);
    socket.on('close', onClose);
  });
}
