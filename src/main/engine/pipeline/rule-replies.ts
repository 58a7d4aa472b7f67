// Answers messages with a session's rule list, in order: one chain per connection (per UDP socket),
// so a reply held back by @delay is never overtaken by the reply to a later message.
//
// Only used while a session has rules: a session without them keeps the single responder's path,
// with no promise or allocation per message.
import { decide, type RegexMatcher, type RuleAnswer, type RuleList } from '../../../shared/rules';
import type { Problem } from '../../../shared/problems';
import type { RegexRunner } from './regex-runner';

/** Where a connection's answers go; `C` is what each message brings along (a UDP datagram's sender). */
export interface RuleSink<C> {
  /** A regex stopped at its deadline (or failed): an error event naming the rule; nothing is sent. */
  problem(problem: Problem, context: C): void;
  /** Sends the answer (and closes after it when asked); resolves once it has gone or failed. */
  deliver(answer: RuleAnswer, context: C): Promise<void>;
  /** A rule answered: the hit counts changed. */
  hit(): void;
}

let shared: Promise<RegexRunner> | null = null;

/**
 * One regex runner (one worker thread) for the whole engine, started the first time a regex rule runs.
 * Its module too is loaded then (its own chunk of the build): most sessions never run a regex.
 */
export function sharedRegexMatcher(): RegexMatcher {
  return async (query) => (await (shared ??= import('./regex-runner').then((m) => m.createRegexRunner()))).match(query);
}

/** Stops the shared runner's worker (tests, engine shutdown); the next regex starts a new one. */
export async function closeSharedRegexRunner(): Promise<void> {
  const runner = shared;
  shared = null;
  await (await runner)?.close();
}

/**
 * One connection's replies. Decisions are made as messages arrive (literal rules at once, regex
 * rules on the worker); replies leave in arrival order, each after its own delay counted from
 * the moment its turn comes: a delayed reply holds back the replies behind it.
 */
export class RuleReplies<C = undefined> {
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly sink: RuleSink<C>,
    private readonly matcher: RegexMatcher = sharedRegexMatcher(),
  ) {}

  answer(list: RuleList, message: Uint8Array, context: C): void {
    if (this.stopped) return;
    const decision = decide(list, message);
    const outcome = decision.kind === 'done' ? decision.outcome : this.matcher(decision.query).then(decision.finish);
    this.chain = this.chain.then(async () => {
      const settled = await outcome;
      if (this.stopped) return;
      if (!settled.ok) return this.sink.problem(settled.problem, context);
      if (settled.answer === null) return;
      this.sink.hit();
      if (settled.answer.delayMs > 0) await this.sleep(settled.answer.delayMs);
      if (this.stopped) return;
      await this.sink.deliver(settled.answer, context).catch(() => undefined);
    });
  }

  /** The connection is gone: replies still waiting are dropped, a pending delay ends now. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
    this.wake = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }
}
