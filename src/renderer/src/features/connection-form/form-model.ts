// The connection form's values and their checks, kept apart from the markup so the rules are
// easy to read: every field error is a specific sentence, found before anything is sent.
import { checkHost, checkPort } from '../../../../shared/address';
import { parseEscaped } from '../../../../shared/codec';
import type { AutoReplyMode, OpenSessionRequest, SessionKind } from '../../../../shared/contract';

export interface FormValues {
  kind: SessionKind;
  host: string;
  port: string;
  localAddress: string;
  localPort: string;
  connectTimeoutMs: string;
  replyMode: AutoReplyMode;
  replyText: string;
  closeAfterReply: boolean;
}

export type FieldErrors = Partial<Record<keyof FormValues, string>>;

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
};

/** Default host per protocol: clients aim at this machine, servers listen on it. */
export const defaultHost = (kind: SessionKind): string => (kind === 'udp' ? '0.0.0.0' : '127.0.0.1');

export function validateForm(v: FormValues): { errors: FieldErrors; request?: OpenSessionRequest } {
  const errors: FieldErrors = {};
  const hostProblem = checkHost(v.host);
  if (hostProblem) errors.host = hostProblem;
  const portProblem = checkPort(v.port, { allowZero: v.kind !== 'tcp-client' });
  if (portProblem) errors.port = portProblem;

  if (v.kind === 'tcp-client') {
    if (v.localAddress.trim() !== '') {
      const p = checkHost(v.localAddress);
      if (p) errors.localAddress = p;
    }
    if (v.localPort.trim() !== '') {
      const p = checkPort(v.localPort, { allowZero: true });
      if (p) errors.localPort = p;
    }
    const t = v.connectTimeoutMs.trim();
    if (!/^\d+$/.test(t) || Number(t) < 100 || Number(t) > 600_000) {
      errors.connectTimeoutMs = 'Connect timeout must be a whole number of milliseconds from 100 to 600000.';
    }
  } else if (v.replyMode === 'prefix' || v.replyMode === 'fixed') {
    const parsed = parseEscaped(v.replyText);
    if (!parsed.ok) errors.replyText = parsed.error.message;
    else if (v.replyMode === 'fixed' && parsed.bytes.length === 0) errors.replyText = 'A fixed reply needs some text to send.';
  }
  if (Object.keys(errors).length > 0) return { errors };

  const host = v.host.trim();
  const port = Number(v.port.trim());
  const autoReply = { mode: v.replyMode, text: v.replyText, closeAfterReply: v.closeAfterReply };
  const request: OpenSessionRequest =
    v.kind === 'tcp-client'
      ? {
          kind: 'tcp-client',
          host,
          port,
          connectTimeoutMs: Number(v.connectTimeoutMs.trim()),
          ...(v.localAddress.trim() ? { localAddress: v.localAddress.trim() } : {}),
          ...(v.localPort.trim() ? { localPort: Number(v.localPort.trim()) } : {}),
        }
      : { kind: v.kind, host, port, autoReply };
  return { errors, request };
}

/** Maps a main-side error field ("port", "autoReply.text") to the form field that shows it. */
export function formFieldOf(field: string | undefined): keyof FormValues {
  switch (field) {
    case 'host':
    case 'port':
    case 'localAddress':
    case 'localPort':
    case 'connectTimeoutMs':
      return field;
    case 'autoReply.text':
      return 'replyText';
    default:
      return 'port';
  }
}
