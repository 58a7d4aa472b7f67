// `socket-lab web`: the window in a browser on this machine, with a WebSocket bridge to one engine.
import { quoteInput } from '../../shared/quote-input';
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
  const engine = createEngine(logBudgetOption(values['log-budget']));
  // Loaded only here: the web host's HTTP and WebSocket code costs the other commands nothing.
  const { startWebHost } = await import('../web-host');
  const host = await startWebHost({ engine, port, dataDir: values['data-dir'] });
  const stopped = stopOnSignal(async () => {
    await host.close();
    await engine.closeAll();
  }, out.whenClosed);
  out.write(`Socket Lab is open at ${host.url}\n(only this machine can reach it; keep the token in the URL private; Ctrl+C stops)\n`);
  out.flush();
  await stopped;
}
