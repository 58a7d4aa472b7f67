// A TLS client session: the TCP client session over tls.connect, which first reads its CA file, then
// logs the handshake (protocol, cipher, the server's certificate) and words TLS's own failures.
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SessionInfo } from '../../../../shared/contract';
import { hostKind } from '../../../../shared/address';
import type { TlsVersion } from '../../../../shared/kinds/tls';
import type { EngineError, ErrorContext } from '../../errors';
import type { SessionHooks } from '../../session-base';
import { TcpClientSession, type TcpClientOptions } from '../tcp/client-session';
import { tlsDetailsOf } from './details';
import { explainTlsClientError } from './errors';
import { loadCa } from './pem-files';
import { tlsClientStreams, type TlsClientSettings } from './streams';

export interface TlsClientOptions extends TcpClientOptions {
  caFile?: string | undefined;
  servername?: string | undefined;
  insecure: boolean;
  tlsVersion?: TlsVersion | undefined;
}

export class TlsClientSession extends TcpClientSession {
  private readonly settings: TlsClientSettings;

  constructor(
    id: string,
    kind: 'tls-client',
    private readonly tlsOptions: TlsClientOptions,
    hooks: SessionHooks,
  ) {
    // SNI and the certificate's name: the one set, else the host when it is a name.
    const servername = tlsOptions.servername ?? (hostKind(tlsOptions.host) === 'name' ? tlsOptions.host : undefined);
    const settings: TlsClientSettings = {
      servername,
      insecure: tlsOptions.insecure,
      tlsVersion: tlsOptions.tlsVersion,
      tcpConnected: false,
    };
    super(id, kind, tlsOptions, hooks, tlsClientStreams(settings));
    this.settings = settings;
  }

  override async start(): Promise<void> {
    if (this.tlsOptions.caFile !== undefined) {
      try {
        this.settings.ca = await loadCa(this.tlsOptions.caFile);
      } catch (err) {
        const e = err as EngineError;
        this.lastError = { code: e.code, message: e.message, problem: e.problem };
        this.setState('error');
        throw err;
      }
    }
    return super.start();
  }

  protected override explain(err: unknown, ctx: ErrorContext): EngineError {
    return explainTlsClientError(err, { ...ctx, tcpConnected: this.settings.tcpConnected });
  }

  protected override ready(connectionId: string, socket: net.Socket): void {
    const tls = tlsDetailsOf(socket as TLSSocket);
    const conn = this.connections.get(connectionId);
    if (conn) conn.tls = tls;
    this.emit({ type: 'secured', connectionId, peer: conn?.peer ?? this.target, tls });
  }

  override info(): SessionInfo {
    return {
      ...super.info(),
      tls: {
        insecure: this.settings.insecure,
        servername: this.settings.servername ?? null,
        version: this.settings.tlsVersion ?? null,
        ownCertificate: null,
        certificateSource: null,
      },
    };
  }
}
