// What the TLS kinds are, for every side: their names, roles and URL scheme, and what a handshake
// shows (the peer's certificate, protocol, cipher). No schema library here; options are in tls-schema.ts.
import type { KindFacts } from './facts';

/** tls://HOST:PORT names a TLS endpoint (TCP underneath), on the command line and wherever an address is written whole. */
export const tlsScheme = 'tls';

/** Connects to one TLS server and checks its certificate (unless told to accept any). */
export const tlsClient = {
  kind: 'tls-client',
  english: 'TLS client',
  role: 'client',
  transport: 'tcp',
  scheme: tlsScheme,
} as const satisfies KindFacts;

/** Listens, presents a certificate, accepts many TLS clients. */
export const tlsServer = {
  kind: 'tls-server',
  english: 'TLS server',
  role: 'server',
  transport: 'tcp',
  scheme: tlsScheme,
} as const satisfies KindFacts;

/** The TLS versions a session can be held to (Node offers no older one by default). */
export const tlsVersions = ['TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof tlsVersions)[number];

/** A certificate as a person checks it: who it names, who vouches for it, its fingerprint, when it is valid. */
export interface CertificateSummary {
  /** "CN=localhost, O=Example" (one line; Node's multi-line form joined). */
  subject: string;
  issuer: string;
  /** SHA-256 of the DER bytes, "AB:CD:...", as browsers and openssl show it. */
  fingerprint256: string;
  /** Dates as ISO 8601 (UTC). */
  validFrom: string;
  validTo: string;
  /** "DNS:localhost, IP Address:127.0.0.1", or empty when it names none. */
  altNames: string;
}

/** One connection's handshake, once it completed. */
export interface TlsDetails {
  /** "TLSv1.3", "TLSv1.2". */
  protocol: string;
  /** The cipher suite's standard name ("TLS_AES_256_GCM_SHA384"). */
  cipher: string;
  /** What the peer presented: a server's certificate; a client's (rare), else null. */
  peerCertificate: CertificateSummary | null;
  /** The peer's certificate passed verification (a client that accepts any certificate may see false). */
  authorized: boolean;
  /** Why verification failed, as OpenSSL names it (DEPTH_ZERO_SELF_SIGNED_CERT), when it did. */
  authorizationError: string | null;
}

/** A TLS session's settings as the window shows them (SessionInfo.tls). */
export interface TlsSessionInfo {
  /** Client: certificates are accepted unchecked (the window marks the session). */
  insecure: boolean;
  /** Client: the name sent in SNI and checked against the certificate, when one was set. */
  servername: string | null;
  /** Server: the certificate it presents, and where it came from. */
  ownCertificate: CertificateSummary | null;
  certificateSource: 'files' | 'made' | null;
  /** The one TLS version the session is held to, when it was asked for (null: any Node offers). */
  version?: TlsVersion | null;
}

/** The handshake in one English line, for the log's word filter and the CLI's text output. */
export function tlsDetailsLine(tls: TlsDetails): string {
  const head = `TLS ${tls.protocol}, ${tls.cipher}`;
  const c = tls.peerCertificate;
  if (!c) return `${head}; no peer certificate`;
  const trust = tls.authorized ? 'verified' : `NOT verified (${tls.authorizationError ?? 'unchecked'})`;
  return `${head}; certificate ${c.subject} issued by ${c.issuer}, SHA-256 ${c.fingerprint256}, valid ${c.validFrom} to ${c.validTo}, ${trust}`;
}
