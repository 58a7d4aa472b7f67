// The CLI's two kinds of failure, apart from the option parsing (args.ts) so that `--help` loads
// nothing else: the commands' chunk, with the parsing and the quoting of what was typed, loads with a command.

/** A command-line mistake: exit status 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A network failure already printed as it happened (a socket error event): exit 1, say it once. */
export class AlreadyReported extends Error {}

export const usage = (message: string): UsageError => new UsageError(`${message} (see socket-lab --help)`);
