// `--export FILE` on serve and send: the session streamed into FILE from its first event, in the
// format its extension names (.pcapng .ndjson .csv .txt), whatever the in-memory log keeps.
import type { SessionInfo } from '../../shared/contract';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import type { Api } from '../commands/api';
import { EngineError } from '../engine/errors';
import type { ExportFile } from '../engine/export/export-file';
import { UsageError } from './args';
import { writeStderr } from './output';

export const exportOptionSpecs = {
  export: { type: 'string' },
  overwrite: { type: 'boolean' },
} as const;

/** A running `--export`: `begin` once the session is open, `finish` after it closed, `discard` when it never opened. */
export interface CliExport {
  begin(session: SessionInfo): void;
  finish(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Checks the extension, opens the file and taps every event from now on (the opening's included).
 * A wrong extension or a file that cannot be made is a command-line mistake: one line, exit 2.
 */
export async function startExport(api: Api, file: string | undefined, overwrite: boolean): Promise<CliExport | null> {
  if (file === undefined) return null;
  // The exporters load only for a run that exports: a plain send or serve starts without them (bench figure 4a).
  const [{ ExportFile }, { LiveExport }, { exportFormatOf }] = await Promise.all([
    import('../engine/export/export-file'),
    import('../engine/export/exporters'),
    import('../engine/export/formats'),
  ]);
  const format = exportFormatOf(file);
  if (format === null) throw new UsageError(problemText({ key: 'exportUnknownFormat', params: { path: quoteInput(file, 200) } }));
  let opened: ExportFile;
  try {
    opened = await ExportFile.open(file, overwrite);
  } catch (err) {
    throw err instanceof EngineError ? new UsageError(err.message) : err;
  }
  const live = new LiveExport(opened, format);
  const untap = api.tap({ event: (event, row) => live.event(event, row) });
  return {
    begin: (session) => live.begin(session),
    finish: async () => {
      untap();
      let line: string;
      try {
        const bytes = await live.finish();
        line = `exported ${live.events} events (${bytes} bytes) to ${opened.path}`;
      } catch (err) {
        line = err instanceof Error ? err.message : String(err);
      }
      // On stderr: stdout stays the event lines and the summary.
      const lines = [line];
      if (live.dropped > 0) lines.push(problemText({ key: 'exportDropped', params: { count: live.dropped } }));
      writeStderr(lines.map((l) => `socket-lab: ${l}\n`).join(''));
    },
    discard: async () => {
      untap();
      await opened.discard();
    },
  };
}
