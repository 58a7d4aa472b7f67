// Auto-replies, one responder for every kind: the rule is read once when it is set (its text parsed
// there, never per message), then asked for each received message. Together none / echo / upper /
// prefix / fixed (+ close after reply) reproduce the classic teaching servers.
import { decodeStrictUtf8, encodeText, parseEscaped, type LiteralEncoder } from '../../../shared/codec';
import { EngineError } from '../errors';
import type { AutoReplyRule } from '../../../shared/contract';

/** What to do about one received message. */
export interface Reply {
  /** The bytes to send back; null sends nothing (a rule that only closes). */
  readonly bytes: Uint8Array | null;
  /** Close the connection once the reply has gone (TCP; a UDP socket has no connection to close). */
  readonly close: boolean;
}

export interface Responder {
  /**
   * The reply to one received message, or null when the rule does nothing. The answer is the
   * responder's own object, reused from call to call so a reply costs no allocation of its own:
   * read it before asking again.
   */
  replyTo(message: Uint8Array): Reply | null;
}

/**
 * The responder of a rule, or null when it never answers (so the data path can skip it at once).
 * `literal` writes the rule's text in the session's encoding (absent: UTF-8); text it cannot write is refused at autoReply.text.
 */
export function buildResponder(rule: AutoReplyRule | null, literal?: LiteralEncoder): Responder | null {
  if (rule === null || (rule.mode === 'none' && !rule.closeAfterReply)) return null;
  const close = rule.closeAfterReply;
  switch (rule.mode) {
    case 'none':
      return constant({ bytes: null, close });
    case 'fixed':
      return constant({ bytes: ruleBytes(rule, literal), close });
    case 'echo':
      return new Computed((m) => m, close);
    case 'upper':
      return new Computed(toUpperCase, close);
    case 'prefix': {
      const prefix = ruleBytes(rule, literal);
      return new Computed((m) => concat(prefix, m), close);
    }
  }
}

/** The same answer to every message (parsed once, frozen so no caller can change it for the next). */
function constant(reply: Reply): Responder {
  const frozen = Object.freeze(reply);
  return { replyTo: () => frozen };
}

/** An answer made from each message, handed back in one reused object. */
class Computed implements Responder {
  private readonly reply: { bytes: Uint8Array | null; close: boolean };

  constructor(
    private readonly make: (message: Uint8Array) => Uint8Array,
    close: boolean,
  ) {
    this.reply = { bytes: null, close };
  }

  replyTo(message: Uint8Array): Reply {
    this.reply.bytes = this.make(message);
    return this.reply;
  }
}

/** The rule's text is escaped text (so "\r\n" can end a reply); the schema checked it, not whether the encoding can write it. */
function ruleBytes(rule: AutoReplyRule, literal: LiteralEncoder | undefined): Uint8Array {
  const parsed = parseEscaped(rule.text, literal);
  if (parsed.ok) return parsed.bytes;
  if (literal) throw new EngineError('INVALID_INPUT', parsed.error.problem, 'autoReply.text');
  return encodeText(rule.text);
}

/** Unicode upper case when the bytes are UTF-8 text (as Python's str.upper()); otherwise ASCII only, so binary survives. */
function toUpperCase(bytes: Uint8Array): Uint8Array {
  const text = decodeStrictUtf8(bytes);
  if (text !== null) return encodeText(text.toUpperCase());
  return bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
