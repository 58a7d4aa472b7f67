// `socket-lab web`: the window in a browser on this machine, with a WebSocket bridge to one engine.
import { quoteInput } from '../../shared/quote-input';
import { createApi } from '../commands/api';
import { dataDir } from '../data-dir';
import { intOption, parseCommandLine, usage } from './args';
import { createEngine, logBudgetOption, stopOnSignal } from './common';
import type { Output } from './output';

export async function runWeb(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'log-budget': { type: 'string' },
  });
  if (positionals.length > 0) throw usage(`unexpected argument "${quoteInput(positionals[0]!)}"`);
  const port = intOption(values.port, 'port', 0, 0, 65535);
  // The one data folder of every host (data-dir.ts): --data-dir, else the one the desktop app uses.
  const data = dataDir(values['data-dir']);
  const engine = createEngine(logBudgetOption(values['log-budget']), data);
  const api = createApi(engine, { dataDir: data });
  // Loaded only here: the web host's HTTP and WebSocket code costs the other commands nothing.
  const { startWebHost } = await import('../web-host');
  // The browser talks to the engine through the web host's own router, as the desktop window does through IPC.
  const host = await startWebHost({ engine, port, dataDir: data });
  const stopped = stopOnSignal(async () => {
    await host.close();
    await api.closeAll();
  }, out.whenClosed);
  out.write(`Socket Lab is open at ${host.url}\n(only this machine can reach it; keep the token in the URL private; Ctrl+C stops)\n`);
  out.flush();
  await stopped;
}
