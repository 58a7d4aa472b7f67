// A TLS server session: the TCP server session over tls.createServer, presenting the user's certificate
// or one made on first use, logging each client's handshake, and each client that fails it.
import type net from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { SessionInfo } from '../../../../shared/contract';
import type { CertificateSummary, TlsVersion } from '../../../../shared/kinds/tls';
import { formatHostPort } from '../../../../shared/address';
import { EngineError } from '../../errors';
import { endpointOf, type SessionHooks } from '../../session-base';
import { TcpServerSession, type TcpServerOptions } from '../tcp/server-session';
import { summarizeCertificate, tlsDetailsOf } from './details';
import { sslReason } from './errors';
import { madeIdentity } from './made-certificate';
import { loadIdentity } from './pem-files';
import { tlsServerStreams } from './streams';

export interface TlsServerOptions extends TcpServerOptions {
  certFile?: string | undefined;
  keyFile?: string | undefined;
  tlsVersion?: TlsVersion | undefined;
}

/** Where made certificates are kept: the data folder's certificates/. */
export const certificatesDir = (data: string): string => join(data, 'certificates');

export class TlsServerSession extends TcpServerSession {
  private ownCertificate: CertificateSummary | null = null;

  constructor(
    id: string,
    kind: 'tls-server',
    private readonly tlsOptions: TlsServerOptions,
    hooks: SessionHooks,
    private readonly dataDir: string,
  ) {
    super(id, kind, tlsOptions, hooks, tlsServerStreams(tlsOptions.tlsVersion));
    this.server.on('tlsClientError', (err: Error, socket: TLSSocket) => {
      const peer = endpointOf(socket.remoteAddress, socket.remotePort);
      const where = formatHostPort(peer.host, peer.port);
      const e = new EngineError((err as NodeJS.ErrnoException).code ?? 'ERR_SSL', {
        key: 'tlsClientHandshakeFailed',
        params: { where, detail: sslReason(err) },
      });
      this.emitError(e, { peer });
    });
  }

  override async start(): Promise<void> {
    const { certFile, keyFile, tlsVersion } = this.tlsOptions;
    try {
      const identity =
        certFile !== undefined && keyFile !== undefined
          ? await loadIdentity(certFile, keyFile)
          : await madeIdentity(certificatesDir(this.dataDir));
      (this.server as import('node:tls').Server).setSecureContext({
        cert: identity.cert,
        key: identity.key,
        ...(tlsVersion ? { minVersion: tlsVersion, maxVersion: tlsVersion } : {}),
      });
      this.ownCertificate = summarizeCertificate(identity.certificate);
    } catch (err) {
      const e = err as EngineError;
      this.lastError = { code: e.code, message: e.message, problem: e.problem };
      this.setState('error');
      throw err;
    }
    return super.start();
  }

  protected override accepted(connectionId: string, socket: net.Socket): void {
    const tls = tlsDetailsOf(socket as TLSSocket);
    const conn = this.connections.get(connectionId);
    if (conn) conn.tls = tls;
    this.emit({ type: 'secured', connectionId, peer: conn?.peer ?? endpointOf(socket.remoteAddress, socket.remotePort), tls });
  }

  override info(): SessionInfo {
    const source = this.tlsOptions.certFile !== undefined ? 'files' : 'made';
    return {
      ...super.info(),
      tls: {
        insecure: false,
        servername: null,
        ownCertificate: this.ownCertificate,
        certificateSource: source,
        version: this.tlsOptions.tlsVersion ?? null,
      },
    };
  }
}
