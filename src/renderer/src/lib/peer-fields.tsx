// Host and port of a UDP destination, as the composer and the traffic generator both ask for it:
// left empty, the placeholders show where it goes (the last peer, or an example).
import { formatHostPort } from '../../../shared/address';
import type { Endpoint } from '../../../shared/contract';
import { TextField } from './ui';

export interface PeerFieldsProps {
  labels: { host: string; port: string };
  host: string;
  port: string;
  onHost: (value: string) => void;
  onPort: (value: string) => void;
  errors: { host?: string | undefined; port?: string | undefined };
  lastPeer: Endpoint | null;
  /** The hint under Host when a peer has sent something, given that peer as "host:port". */
  lastPeerHint: (peer: string) => string;
  widths: { host: string; port: string };
}

export function PeerFields({ labels, host, port, onHost, onPort, errors, lastPeer, lastPeerHint, widths }: PeerFieldsProps) {
  return (
    <>
      <TextField
        label={labels.host}
        value={host}
        placeholder={lastPeer?.host ?? '127.0.0.1'}
        onChange={(e) => onHost(e.target.value)}
        error={errors.host}
        hint={lastPeer ? lastPeerHint(formatHostPort(lastPeer.host, lastPeer.port)) : undefined}
        className={widths.host}
      />
      <TextField
        label={labels.port}
        value={port}
        inputMode="numeric"
        placeholder={lastPeer ? String(lastPeer.port) : '5005'}
        onChange={(e) => onPort(e.target.value)}
        error={errors.port}
        className={widths.port}
      />
    </>
  );
}
