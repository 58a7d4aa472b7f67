// The connection form's TLS values: checked as typed (a certificate needs its key, SNI takes a name),
// turned into the open request's fields, and read back from a live session.
import { hostKind, hostProblem } from '../../../../shared/address';
import type { SessionInfo } from '../../../../shared/contract';
import type { Problem } from '../../../../shared/problems';
import { quoteInput } from '../../../../shared/quote-input';

/** The TLS fields of the form (form-model.ts holds them among the others). */
export interface TlsFormValues {
  certFile: string;
  keyFile: string;
  caFile: string;
  servername: string;
  insecure: boolean;
}

type TlsField = keyof Omit<TlsFormValues, 'insecure'>;

/** Mistakes the form can see before asking the engine (which reads the files and says what is wrong in them). */
export function tlsFieldProblems(v: TlsFormValues & { kind: string }): [TlsField, Problem][] {
  const found: [TlsField, Problem][] = [];
  if (v.kind === 'tls-server') {
    const cert = v.certFile.trim();
    const key = v.keyFile.trim();
    if (cert !== '' && key === '') found.push(['keyFile', { key: 'tlsKeyWithoutCert' }]);
    if (key !== '' && cert === '') found.push(['certFile', { key: 'tlsCertWithoutKey' }]);
  } else {
    const name = v.servername.trim();
    if (name !== '') {
      if (hostKind(name) !== 'name') found.push(['servername', { key: 'tlsServernameIp', params: { name: quoteInput(name) } }]);
      else {
        const problem = hostProblem(name);
        if (problem) found.push(['servername', problem]);
      }
    }
  }
  return found;
}

export function tlsClientFields(v: TlsFormValues): { insecure: boolean; caFile?: string; servername?: string } {
  return {
    insecure: v.insecure,
    ...(v.caFile.trim() ? { caFile: v.caFile.trim() } : {}),
    ...(v.servername.trim() ? { servername: v.servername.trim() } : {}),
  };
}

export function tlsServerFields(v: TlsFormValues): { certFile?: string; keyFile?: string } {
  return {
    ...(v.certFile.trim() ? { certFile: v.certFile.trim() } : {}),
    ...(v.keyFile.trim() ? { keyFile: v.keyFile.trim() } : {}),
  };
}

/** What a live session shows of its TLS settings (file paths are not kept by the engine, so they stay empty). */
export function tlsValuesFrom(session: SessionInfo): Partial<TlsFormValues> {
  if (!session.tls) return {};
  return { insecure: session.tls.insecure, servername: session.tls.servername ?? '' };
}
