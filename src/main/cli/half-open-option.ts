// `--allow-half-open` of `send` (TCP and TLS): a FIN from the server leaves our side open, so the rest
// of --count still goes out. Refused on serve (nothing there could end a half-open connection: each
// would wait in CLOSE_WAIT for ever) and on udp:// (no connection). Manual read mode (recv) has no
// flag: a command line cannot ask for each recv, so it lives in the window's labs and the API.
import type { SocketUrl } from '../../shared/address';
import { usage } from './args';

export const halfOpenOptionSpec = { 'allow-half-open': { type: 'boolean' } } as const;

/** The open option, or nothing when the flag is absent; a usage error where it cannot apply. */
export function halfOpenOption(given: boolean | undefined, target: SocketUrl, command: 'send' | 'serve'): { allowHalfOpen?: true } {
  if (given !== true) return {};
  if (target.transport === 'udp') throw usage('--allow-half-open applies to TCP only: a UDP socket has no connection to half-close');
  if (command === 'serve') {
    throw usage('--allow-half-open applies to send only: serve could never end a half-open connection (CLOSE_WAIT for ever)');
  }
  return { allowHalfOpen: true };
}
