// Makes the self-signed certificate a TLS server presents when it is given none: a key pair from
// node:crypto, the certificate built and signed by PKI.js (Node can read certificates but not sign one).
import type { webcrypto as WebCrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import type { CryptoEngine } from 'pkijs';

// Required (their CommonJS builds), not import()ed: the CLI compiles its files through its own code
// cache (bin/socket-lab.js), where import() would need an experimental loader hook. __filename: both
// the bundle (CJS) and vitest have it.
const load = createRequire(__filename);

/** Node's WebCrypto, as PKI.js names the type (its d.ts uses the DOM's). */
type EngineCrypto = ConstructorParameters<typeof CryptoEngine>[0]['crypto'];

/** A certificate and its private key, both PEM. */
export interface CertificatePair {
  cert: string;
  key: string;
}

/** What makes a certificate: behind this seam so the library under it can change without touching the server. */
export interface CertificateMaker {
  make(options: { commonName: string; altNames: readonly string[]; days: number }): Promise<CertificatePair>;
}

const pem = (label: string, der: ArrayBuffer): string => {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
};

/** An ECDSA P-256 certificate for `commonName`, with DNS and IP subject alternative names, signed by its own key. */
export const pkijsCertificateMaker: CertificateMaker = {
  async make({ commonName, altNames, days }) {
    // Loaded when a certificate is first needed, never on the start path of the CLI or the window.
    const pkijs = load('pkijs') as typeof Pkijs;
    const asn1js = load('asn1js') as typeof Asn1js;
    // node:crypto loaded here, when a certificate is first made, not with the engine.
    const webcrypto = process.getBuiltinModule('node:crypto').webcrypto;
    const crypto = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as EngineCrypto });
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as WebCrypto.CryptoKeyPair;

    const cert = new pkijs.Certificate();
    cert.version = 2;
    // A random positive 16-byte serial, as RFC 5280 asks (unique per certificate, at most 20 bytes).
    const serial = webcrypto.getRandomValues(new Uint8Array(16));
    serial[0] = serial[0]! & 0x7f;
    cert.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
    const name = [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) })];
    cert.subject.typesAndValues = name;
    cert.issuer.typesAndValues = name.map((n) => new pkijs.AttributeTypeAndValue({ type: n.type, value: n.value }));
    const now = new Date();
    // A minute back, so a peer whose clock is a little behind does not see it as not yet valid.
    cert.notBefore.value = new Date(now.getTime() - 60_000);
    cert.notAfter.value = new Date(now.getTime() + days * 86_400_000);

    const generalNames = altNames.map((alt) =>
      /^[\d.]+$/.test(alt) || alt.includes(':')
        ? new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(alt) }) })
        : new pkijs.GeneralName({ type: 2, value: alt }),
    );
    cert.extensions = [
      new pkijs.Extension({
        extnID: '2.5.29.17',
        critical: false,
        extnValue: new pkijs.GeneralNames({ names: generalNames }).toSchema().toBER(false),
      }),
      new pkijs.Extension({
        extnID: '2.5.29.19',
        critical: true,
        extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
      }),
    ];
    await cert.subjectPublicKeyInfo.importKey(keys.publicKey, crypto);
    await cert.sign(keys.privateKey, 'SHA-256', crypto);
    const der = cert.toSchema(true).toBER(false);
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { cert: pem('CERTIFICATE', der), key: pem('PRIVATE KEY', pkcs8) };
  },
};

/** The bytes of an IPv4 or IPv6 address, for an IP subject alternative name. */
function ipBytes(ip: string): ArrayBuffer {
  if (!ip.includes(':')) return new Uint8Array(ip.split('.').map(Number)).buffer;
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes.buffer;
}
