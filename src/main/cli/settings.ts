// `socket-lab settings`: where the window's kept settings are (settings.json in the data folder),
// what they hold, and --reset to start afresh (the file is moved aside, never deleted).
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { quoteInput } from '../../shared/quote-input';
import type { Settings } from '../../shared/settings-schema';
import { dataDir } from '../data-dir';
import { parseSettings, settingsPath } from '../settings/settings-store';
import { parseCommandLine, usage } from './args';
import { formatOption } from './common';
import type { Output } from './output';

/** "#3 Line server  tcp-client 127.0.0.1:9100": one line per kept session. */
function sessionLine(s: Settings['sessions'][number]): string {
  const form = s.form as Record<string, unknown>;
  const text = (key: string): string => (typeof form[key] === 'string' ? (form[key] as string) : '');
  const where = text('port') ? `${text('host')}:${text('port')}` : text('host');
  return `  #${s.id}${s.name ? ` ${s.name}` : ''}  ${text('kind') || 'tcp-client'} ${where}`.trimEnd();
}

export async function runSettings(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    'data-dir': { type: 'string' },
    reset: { type: 'boolean' },
    format: { type: 'string' },
  });
  if (positionals.length > 0) throw usage(`unexpected argument "${quoteInput(positionals[0]!)}"`);
  const format = formatOption(values.format, ['text', 'json'] as const);
  const file = settingsPath(dataDir(values['data-dir']));
  const exists = existsSync(file);

  if (values.reset) {
    if (!exists) {
      out.write(format === 'json' ? `${JSON.stringify({ path: file, reset: false })}\n` : `${file}: no file, nothing to reset\n`);
      return;
    }
    // Kept beside it, so a reset by mistake can be undone by renaming it back.
    const aside = `${file}.reset-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    out.write(
      format === 'json'
        ? `${JSON.stringify({ path: file, reset: true, movedTo: aside })}\n`
        : `${file} moved to ${aside}: the next start uses the defaults\n`,
    );
    return;
  }

  const settings = exists ? parseSettings(readFileSync(file, 'utf8')) : null;
  if (format === 'json') {
    out.write(`${JSON.stringify({ path: file, exists, damaged: exists && settings === null, settings })}\n`);
    return;
  }
  const lines = [file];
  if (!exists) lines.push('no file yet: the window starts from the defaults');
  else if (settings === null) lines.push('damaged (not valid settings): the window moves it aside on its next start');
  else {
    const app = settings.app;
    lines.push(
      `theme ${app.theme}, language ${app.language ?? "the system's"}, restore last workspace ${app.restoreWorkspace ? 'on' : 'off'}`,
      `recent targets: ${app.recentTargets.length > 0 ? app.recentTargets.join(', ') : 'none'}`,
      `sessions: ${settings.sessions.length}`,
      ...settings.sessions.map(sessionLine),
    );
  }
  out.write(`${lines.join('\n')}\n`);
}
