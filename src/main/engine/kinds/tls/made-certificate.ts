// The self-signed certificate a TLS server presents when given none: made on first use, kept in the
// data folder's certificates/ (key file 0600, each file written to a temp name then renamed), reused after.
import { fsPromises } from '../../../builtins';
import { join } from 'node:path';
import { quoteInput } from '../../../../shared/quote-input';
import { EngineError } from '../../errors';
import { pkijsCertificateMaker, type CertificateMaker } from './certificate-maker';
import { checkIdentity, type ServerIdentity } from './pem-files';

export const madeCertName = 'self-signed-cert.pem';
export const madeKeyName = 'self-signed-key.pem';
/** How long a made certificate is valid; remade when less than a day is left. */
const validDays = 825;

/** One making at a time per folder: two servers started together must not each write half a pair. */
const inFlight = new Map<string, Promise<ServerIdentity>>();

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fsPromises().writeFile(temp, text, { mode });
  await fsPromises().rename(temp, file);
}

async function readKept(certFile: string, keyFile: string): Promise<ServerIdentity | 'absent' | 'unusable'> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([fsPromises().readFile(certFile, 'utf8'), fsPromises().readFile(keyFile, 'utf8')]);
  } catch {
    return 'absent';
  }
  try {
    const identity = checkIdentity(cert, key, certFile, keyFile);
    const left = new Date(identity.certificate.validTo).getTime() - Date.now();
    return left > 86_400_000 ? identity : 'unusable';
  } catch {
    return 'unusable';
  }
}

async function makeOrReuse(folder: string, maker: CertificateMaker): Promise<ServerIdentity> {
  const certFile = join(folder, madeCertName);
  const keyFile = join(folder, madeKeyName);
  try {
    const kept = await readKept(certFile, keyFile);
    if (typeof kept === 'object') return kept;
    await fsPromises().mkdir(folder, { recursive: true });
    if (kept === 'unusable') {
      // Never silently dropped: an expired or damaged pair is kept aside, beside the new one.
      const aside = `.aside-${Date.now()}`;
      await fsPromises()
        .rename(certFile, certFile + aside)
        .catch(() => undefined);
      await fsPromises()
        .rename(keyFile, keyFile + aside)
        .catch(() => undefined);
    }
    const pair = await maker.make({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1', '::1'], days: validDays });
    // The key first: a cert found without its key is never presented (readKept checks the pair).
    await writeAtomically(keyFile, pair.key, 0o600);
    await writeAtomically(certFile, pair.cert, 0o644);
    return checkIdentity(pair.cert, pair.key, certFile, keyFile);
  } catch (err) {
    if (err instanceof EngineError && err.problem.key !== 'tlsKeyMismatch') throw err;
    const detail = quoteInput(err instanceof Error ? err.message : String(err), 160);
    throw new EngineError(
      'TLS_CERT_NOT_MADE',
      { key: 'tlsCertificateNotMade', params: { path: quoteInput(folder, 200), detail } },
      'certFile',
    );
  }
}

/** The server's made certificate and key from `folder`, made there first if absent, expired or damaged. */
export function madeIdentity(folder: string, maker: CertificateMaker = pkijsCertificateMaker): Promise<ServerIdentity> {
  const running = inFlight.get(folder);
  if (running) return running;
  const making = makeOrReuse(folder, maker).finally(() => inFlight.delete(folder));
  inFlight.set(folder, making);
  return making;
}
