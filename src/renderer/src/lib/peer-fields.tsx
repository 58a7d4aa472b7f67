// Where a message goes, as the composer and the traffic generator both ask for it: a UDP
// destination (left empty, the placeholders show where it goes), or a TCP server's client.
import { formatHostPort } from '../../../shared/address';
import type { ConnectionInfo, Endpoint } from '../../../shared/contract';
import { SelectField, TextField } from './ui';

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

export interface ClientTargetProps {
  label: string;
  /** The first choice, "All clients (N)". */
  allLabel: string;
  /** "all" or a client's connection id; a client that left falls back to "all". */
  value: string;
  clients: ConnectionInfo[];
  onChange: (value: string) => void;
  error?: string | undefined;
  className: string;
}

export function ClientTarget({ label, allLabel, value, clients, onChange, error, className }: ClientTargetProps) {
  const shown = value === 'all' || clients.some((c) => c.id === value) ? value : 'all';
  return (
    <SelectField label={label} value={shown} onChange={(e) => onChange(e.target.value)} error={error} className={className}>
      <option value="all">{allLabel}</option>
      {clients.map((c) => (
        <option key={c.id} value={c.id}>
          {formatHostPort(c.peer.host, c.peer.port)} ({c.id})
        </option>
      ))}
    </SelectField>
  );
}
