// startExport: the window's export of a session's log (whole, or the filter's matches) to a file it
// names in the exports folder of the data folder, run as a job with progress and cancel.
import path from 'node:path';
import type { ExportStarted, SessionInfo, StartExportInput } from '../../shared/contract';
import { withExportExtension } from '../../shared/export-formats';
import { quoteInput } from '../../shared/quote-input';
import { fsPromises } from '../builtins';
import { dataDir, exportsDir } from '../data-dir';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { ExportFile } from '../engine/export/export-file';
import { exportFromStore } from '../engine/export/exporters';
import { exportFromCapture } from '../engine/export/capture-source';
import type { JobBoard } from './jobs';

/** "udp-s3-2025-01-31T10-22-33-456" (as a capture is named), the format's extension added after. */
export const defaultExportName = (session: SessionInfo, now = new Date()): string =>
  `${session.kind}-${session.id}-${now.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '')}`;

export async function startExport(
  engine: Engine,
  jobs: JobBoard,
  dataDirOption: string | undefined,
  input: StartExportInput,
): Promise<ExportStarted> {
  const { sessionId, format, filtered, overwrite } = input;
  const session = engine.info(sessionId); // no session: refused before any folder is made
  // No filter to export: refused at the choice, before a file is made.
  const bounds = engine.exportPage(sessionId, 0, 0, filtered);
  const folder = exportsDir(dataDir(dataDirOption));
  try {
    await fsPromises().mkdir(folder, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    throw new EngineError(code, { key: 'exportNotWritable', params: { path: quoteInput(folder, 200), code } }, 'fileName');
  }
  const name = withExportExtension(input.fileName ?? defaultExportName(session), format);
  const file = await ExportFile.open(path.join(folder, name), overwrite, 'fileName');
  // The recording holds every event since it started, the log only the newest: a whole-log export
  // reads the recording when the session has one (the filter works on the log, so that reads the log).
  const capture = filtered ? null : session.capture;
  const total = capture ? capture.events : bounds.total - bounds.first;
  const started = jobs.start({ command: 'export', sessionId, total }, ({ signal, progress }) =>
    capture
      ? exportFromCapture(capture.path, session, total, file, { format, signal, progress })
      : exportFromStore(engine, file, { sessionId, filtered, format, signal, progress }),
  );
  return { ...started, path: file.path };
}
