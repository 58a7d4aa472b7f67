// Reads the certificate, key and CA files a TLS session is given, and says at the field what is wrong
// with each: missing, unreadable, not PEM, or a key that is not the certificate's.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { fsPromises } from '../../../builtins';
import { resolve as resolvePath } from 'node:path';
import { quoteInput } from '../../../../shared/quote-input';
import { EngineError } from '../../errors';

/** node:crypto when a TLS session first reads a file, not with the engine (a one-shot TCP send does not pay for it). */
const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** A file's text, or a keyed error at `field`. */
export async function readPemFile(file: string, field: string): Promise<string> {
  const shown = quoteInput(file, 200);
  try {
    return await fsPromises().readFile(resolvePath(file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new EngineError('TLS_FILE_MISSING', { key: 'tlsFileMissing', params: { path: shown } }, field);
    throw new EngineError('TLS_FILE_UNREADABLE', { key: 'tlsFileUnreadable', params: { path: shown, code } }, field);
  }
}

/** The first certificate of a PEM text, or a keyed error: Node reads the PEM, nothing is parsed here. */
export function certificateOf(pem: string, file: string, field: string): X509Certificate {
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no block');
    return new (nodeCrypto().X509Certificate)(pem);
  } catch {
    throw new EngineError('TLS_BAD_PEM', { key: 'tlsBadCertPem', params: { path: quoteInput(file, 200) } }, field);
  }
}

function privateKeyOf(pem: string, file: string, field: string): KeyObject {
  try {
    return nodeCrypto().createPrivateKey(pem);
  } catch {
    throw new EngineError('TLS_BAD_PEM', { key: 'tlsBadKeyPem', params: { path: quoteInput(file, 200) } }, field);
  }
}

/** A certificate and the key that belongs to it, both checked. */
export interface ServerIdentity {
  cert: string;
  key: string;
  certificate: X509Certificate;
}

/** Checks a certificate and key pair as a person would want it checked: each file, then that they belong together. */
export function checkIdentity(cert: string, key: string, certFile: string, keyFile: string): ServerIdentity {
  const certificate = certificateOf(cert, certFile, 'certFile');
  const privateKey = privateKeyOf(key, keyFile, 'keyFile');
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new EngineError(
      'TLS_KEY_MISMATCH',
      { key: 'tlsKeyMismatch', params: { key: quoteInput(keyFile, 200), cert: quoteInput(certFile, 200) } },
      'keyFile',
    );
  }
  return { cert, key, certificate };
}

export async function loadIdentity(certFile: string, keyFile: string): Promise<ServerIdentity> {
  const [cert, key] = await Promise.all([readPemFile(certFile, 'certFile'), readPemFile(keyFile, 'keyFile')]);
  return checkIdentity(cert, key, certFile, keyFile);
}

/** The CA file's text, checked to hold a certificate (Node takes every one it holds). */
export async function loadCa(caFile: string): Promise<string> {
  const pem = await readPemFile(caFile, 'caFile');
  certificateOf(pem, caFile, 'caFile');
  return pem;
}
