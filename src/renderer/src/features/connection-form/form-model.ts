// The connection form's values and their checks, kept apart from the markup so the rules are
// easy to read: every field error is a specific sentence, found before anything is sent.
import { hostProblem, localAddressProblem, portProblem } from '../../../../shared/address';
import { parseEscaped } from '../../../../shared/codec';
import type { AutoReplyMode, OpenSessionRequest, SessionKind } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import { parseFraming } from '../../../../shared/framing';
import type { Problem } from '../../../../shared/problems';
import { tlsClientFields, tlsFieldProblems, tlsServerFields } from '../tls/tls-form-model';
import {
  initialStreamValues,
  maxFrameOf,
  streamFieldOf,
  streamFieldProblems,
  streamRequestFields,
  type StreamFormValues,
} from '../stream-options/stream-options-model';
import {
  initialMulticastValues,
  multicastFieldOf,
  multicastFieldProblems,
  multicastRequestFields,
  type MulticastFormValues,
} from '../multicast/multicast-open-model';
import { rulesRequestField, type PendingRules } from '../rules/pending-rules';

/** Stream options (features/stream-options), multicast options (features/multicast) and rules set before opening (features/rules). */
export interface FormValues extends StreamFormValues, MulticastFormValues, PendingRules {
  kind: SessionKind;
  host: string;
  port: string;
  localAddress: string;
  localPort: string;
  connectTimeoutMs: string;
  replyMode: AutoReplyMode;
  replyText: string;
  closeAfterReply: boolean;
  /** TLS (features/tls/tls-fields.tsx): the server's PEM files, the client's trust settings. */
  certFile: string;
  keyFile: string;
  caFile: string;
  servername: string;
  insecure: boolean;
  /** UDP: sends to broadcast addresses allowed. */
  broadcast: boolean;
  /** TCP kinds: raw, line, delim:..., fixed:N, len:... (shared/framing.ts). */
  framing: string;
}

export type FieldErrors = Partial<Record<keyof FormValues, string>>;

/** Words a problem in the reader's language. */
export type Say = (problem: Problem) => string;

export const initialForm: FormValues = {
  kind: 'tcp-client',
  host: '127.0.0.1',
  port: '',
  localAddress: '',
  localPort: '',
  connectTimeoutMs: '5000',
  replyMode: 'none',
  replyText: '',
  closeAfterReply: false,
  certFile: '',
  keyFile: '',
  caFile: '',
  servername: '',
  insecure: false,
  broadcast: false,
  framing: 'raw',
  ...initialStreamValues,
  ...initialMulticastValues,
  rules: [],
};

/**
 * Default host per protocol: clients aim at this machine; servers and UDP sockets listen on it only,
 * so a classroom machine opens no port to the network unless asked (0.0.0.0 or ::, named in the hint).
 */
export const defaultHost = (_kind: SessionKind): string => '127.0.0.1';

export function validateForm(v: FormValues, say: Say): { errors: FieldErrors; request?: OpenSessionRequest } {
  const errors: FieldErrors = {};
  const check = (field: keyof FormValues, problem: Problem | null): void => {
    if (problem) errors[field] = say(problem);
  };
  check('host', hostProblem(v.host));
  check('port', portProblem(v.port, { allowZero: !isClientKind(v.kind) }));

  if (v.kind === 'tls-client' || v.kind === 'tls-server') for (const [field, problem] of tlsFieldProblems(v)) check(field, problem);
  if (isClientKind(v.kind)) {
    if (v.localAddress.trim() !== '') check('localAddress', localAddressProblem(v.localAddress));
    if (v.localPort.trim() !== '') check('localPort', portProblem(v.localPort, { allowZero: true }));
    const t = v.connectTimeoutMs.trim();
    if (!/^\d+$/.test(t) || Number(t) < 100 || Number(t) > 600_000) check('connectTimeoutMs', { key: 'connectTimeoutRange' });
  } else if (v.replyMode === 'prefix' || v.replyMode === 'fixed') {
    const parsed = parseEscaped(v.replyText);
    if (!parsed.ok) check('replyText', parsed.error.problem);
    else if (v.replyMode === 'fixed' && parsed.bytes.length === 0) check('replyText', { key: 'fixedReplyEmpty' });
  }
  if (v.kind !== 'udp') {
    const framing = parseFraming(v.framing, maxFrameOf(v));
    if (!framing.ok) check('framing', framing.problem);
  }
  for (const [field, problem] of streamFieldProblems(v)) check(field, problem);
  for (const [field, problem] of multicastFieldProblems(v)) check(field, problem);
  if (Object.keys(errors).length > 0) return { errors };
  const framing = v.framing.trim() === '' ? 'raw' : v.framing.trim();
  const stream = streamRequestFields(v);
  const rules = rulesRequestField(v);

  const host = v.host.trim();
  const port = Number(v.port.trim());
  const autoReply = { mode: v.replyMode, text: v.replyText, closeAfterReply: v.closeAfterReply };
  const clientFields = {
    host,
    port,
    connectTimeoutMs: Number(v.connectTimeoutMs.trim()),
    ...(v.localAddress.trim() ? { localAddress: v.localAddress.trim() } : {}),
    ...(v.localPort.trim() ? { localPort: Number(v.localPort.trim()) } : {}),
  };
  if (v.kind === 'tls-client')
    return { errors, request: { kind: 'tls-client', ...clientFields, framing, ...stream, ...tlsClientFields(v) } };
  if (v.kind === 'tls-server')
    return { errors, request: { kind: 'tls-server', host, port, autoReply, ...rules, framing, ...stream, ...tlsServerFields(v) } };
  const request: OpenSessionRequest =
    v.kind === 'tcp-client'
      ? {
          kind: 'tcp-client',
          host,
          port,
          connectTimeoutMs: Number(v.connectTimeoutMs.trim()),
          framing,
          ...stream,
          ...(v.localAddress.trim() ? { localAddress: v.localAddress.trim() } : {}),
          ...(v.localPort.trim() ? { localPort: Number(v.localPort.trim()) } : {}),
        }
      : v.kind === 'tcp-server'
        ? { kind: 'tcp-server', host, port, autoReply, ...rules, framing, ...stream }
        : { kind: 'udp', host, port, autoReply, ...rules, ...(v.broadcast ? { broadcast: true } : {}), ...multicastRequestFields(v) };
  return { errors, request };
}

/** Maps a main-side error field ("port", "autoReply.text") to the form field that shows it, if any. */
export function formFieldOf(field: string | undefined): keyof FormValues | null {
  switch (field) {
    case 'host':
    case 'port':
    case 'localAddress':
    case 'localPort':
    case 'connectTimeoutMs':
    case 'certFile':
    case 'keyFile':
    case 'caFile':
    case 'servername':
    case 'framing':
      return field;
    case 'autoReply.text':
      return 'replyText';
    default:
      // Not about one field: shown under the form (rules problems are placed by the Rules table).
      return streamFieldOf(field) ?? multicastFieldOf(field);
  }
}
