// The shape of what every session kind says about itself (kinds/tcp.ts, kinds/udp.ts fill it in).

export interface KindFacts {
  /** The session kind's name, as commands and saved data carry it. */
  kind: string;
  /** Its name in English sentences (problems.ts); the window says it with its `kind.*` strings. */
  english: string;
  /** client: connects out to one target; server: listens and accepts connections; peer: one socket, many peers. */
  role: 'client' | 'server' | 'peer';
  /** The IP transport under it: TCP and UDP ports are separate spaces (a TLS kind would say tcp). */
  transport: 'tcp' | 'udp';
  /** The URL scheme that names its endpoints (tcp://, udp://). */
  scheme: string;
}
