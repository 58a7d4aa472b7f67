// Where a file send reads from: a file on disk, checked before the send starts (so a missing file, a
// folder or one that cannot be read is a plain keyed error at the path field), or a stream already open.
import { constants, createReadStream } from 'node:fs';
import { fsPromises } from '../builtins';
import { basename, resolve as resolvePath } from 'node:path';
import type { Readable } from 'node:stream';
import { quoteInput } from '../../shared/quote-input';
import { EngineError } from './errors';
import type { FileSource } from './file-send';

/** A path as the user wrote it: checked, sized, and opened only when the send begins. */
export async function openFileSource(filePath: string): Promise<FileSource> {
  const shown = quoteInput(filePath, 200);
  if (filePath.trim() === '') throw new EngineError('BAD_INPUT', { key: 'fileEmptyPath' }, 'path');
  const full = resolvePath(filePath);
  let size: number;
  try {
    const info = await fsPromises().stat(full);
    if (info.isDirectory()) throw new EngineError('EISDIR', { key: 'fileIsDirectory', params: { path: shown } }, 'path');
    if (!info.isFile()) throw new EngineError('BAD_INPUT', { key: 'fileNotAFile', params: { path: shown } }, 'path');
    size = info.size;
    await fsPromises().access(full, constants.R_OK);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new EngineError('ENOENT', { key: 'fileNotFound', params: { path: shown } }, 'path');
    throw new EngineError(code, { key: 'fileNotReadable', params: { path: shown, code } }, 'path');
  }
  return {
    name: quoteInput(basename(full), 120),
    size,
    open: (readBytes) => createReadStream(full, { highWaterMark: readBytes }),
  };
}

/** A stream the caller opened (the CLI's standard input): its size is known only at its end. */
export function streamSource(stream: Readable, name = 'standard input'): FileSource {
  return { name, size: null, open: () => stream };
}
