// The connection form's stream options (TCP and TLS kinds): the largest frame, no-delay, keep-alive and
// the TLS version, checked as typed, turned into the open request's fields, and read back from a session.
import type { SessionInfo, SessionKind, TlsVersion } from '../../../../shared/contract';
import { defaultMaxFrame, maxFrameRange } from '../../../../shared/framing';
import { keepAliveRangeMs } from '../../../../shared/kinds/stream-schema';
import { transportOf } from '../../../../shared/kinds';
import type { Problem } from '../../../../shared/problems';

/** The stream fields of the form (form-model.ts holds them among the others); numbers stay text until checked. */
export interface StreamFormValues {
  maxFrame: string;
  noDelay: boolean;
  keepAlive: boolean;
  keepAliveMs: string;
  /** '' lets Node offer any version it has. */
  tlsVersion: '' | TlsVersion;
}

export const initialStreamValues: StreamFormValues = {
  maxFrame: String(defaultMaxFrame),
  noDelay: true,
  keepAlive: false,
  keepAliveMs: '60000',
  tlsVersion: '',
};

export type StreamField = 'maxFrame' | 'keepAliveMs' | 'tlsVersion';

export const isStreamKind = (kind: SessionKind): boolean => transportOf(kind) === 'tcp';
export const isTlsKind = (kind: SessionKind): boolean => kind === 'tls-client' || kind === 'tls-server';

const whole = (text: string, min: number, max: number): number | null => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/** Mistakes the form can see before asking the main side, keyed like the main side's own. */
export function streamFieldProblems(v: StreamFormValues & { kind: SessionKind }): [StreamField, Problem][] {
  if (!isStreamKind(v.kind)) return [];
  const found: [StreamField, Problem][] = [];
  if (whole(v.maxFrame, maxFrameRange.min, maxFrameRange.max) === null)
    found.push(['maxFrame', { key: 'maxFrameRange', params: maxFrameRange }]);
  if (v.keepAlive && whole(v.keepAliveMs, keepAliveRangeMs.min, keepAliveRangeMs.max) === null)
    found.push(['keepAliveMs', { key: 'keepAliveRange', params: keepAliveRangeMs }]);
  return found;
}

/** The largest frame the framing is checked against (the default while the field is not a number yet). */
export const maxFrameOf = (v: StreamFormValues): number => whole(v.maxFrame, maxFrameRange.min, maxFrameRange.max) ?? defaultMaxFrame;

/** The open request's stream fields (checked first); the TLS version only when one is chosen. */
export function streamRequestFields(v: StreamFormValues & { kind: SessionKind }): {
  maxFrame: number;
  noDelay: boolean;
  keepAliveMs: number | null;
  tlsVersion?: TlsVersion;
} {
  return {
    maxFrame: maxFrameOf(v),
    noDelay: v.noDelay,
    keepAliveMs: v.keepAlive ? Number(v.keepAliveMs.trim()) : null,
    ...(isTlsKind(v.kind) && v.tlsVersion !== '' ? { tlsVersion: v.tlsVersion } : {}),
  };
}

/** What a session shows of its stream options (the form restores them when it is selected). */
export function streamValuesFrom(session: SessionInfo): Partial<StreamFormValues> {
  const s = session.stream;
  return {
    ...(s
      ? {
          maxFrame: String(s.maxFrame),
          noDelay: s.noDelay,
          keepAlive: s.keepAliveMs !== null,
          keepAliveMs: s.keepAliveMs !== null ? String(s.keepAliveMs) : initialStreamValues.keepAliveMs,
        }
      : {}),
    tlsVersion: session.tls?.version ?? '',
  };
}

/** A main-side error field this part of the form shows, if any. */
export const streamFieldOf = (field: string | undefined): StreamField | null =>
  field === 'maxFrame' || field === 'keepAliveMs' || field === 'tlsVersion' ? field : null;
