// Host and port checks shared by the form (before anything is sent), the contract (on the main
// side) and the CLI, so all three say the same specific thing about the same mistake.
import { z } from 'zod';

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
const hostnamePattern =
  /^(?=.{1,253}\.?$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

export type HostKind = 'ipv4' | 'ipv6' | 'name';

/** Removes the brackets people copy from URLs: "[::1]" -> "::1". */
export function stripBrackets(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

export function hostKind(host: string): HostKind {
  const h = stripBrackets(host);
  if (h.includes(':')) return 'ipv6';
  if (/^[\d.]+$/.test(h)) return 'ipv4';
  return 'name';
}

/** null when the host is usable, else a sentence saying what is wrong with it. */
export function checkHost(host: string): string | null {
  const h = stripBrackets(host);
  if (h.length === 0) return 'Enter a host: an address such as 127.0.0.1 or ::1, or a name such as localhost.';
  switch (hostKind(h)) {
    case 'ipv6': {
      const withoutZone = h.replace(/%[\w.-]+$/, '');
      return ipv6.safeParse(withoutZone).success ? null : `"${h}" is not a valid IPv6 address (example: ::1 or fe80::1).`;
    }
    case 'ipv4':
      return ipv4.safeParse(h).success
        ? null
        : `"${h}" is not a valid IPv4 address: it needs four numbers from 0 to 255 (example: 127.0.0.1).`;
    case 'name':
      return hostnamePattern.test(h)
        ? null
        : `"${h}" is not a valid host name: use letters, digits, "-" and "." (example: localhost).`;
  }
}

export interface PortRule {
  /** Listening and binding may ask for port 0 ("any free port"); connecting may not. */
  allowZero: boolean;
}

/** null when the port is usable, else a sentence saying what is wrong with it. */
export function checkPort(port: string | number, rule: PortRule): string | null {
  const text = String(port).trim();
  const min = rule.allowZero ? 0 : 1;
  const range = rule.allowZero ? 'from 0 to 65535 (0 picks any free port)' : 'from 1 to 65535';
  if (text === '') return `Enter a port: a whole number ${range}.`;
  if (!/^\d+$/.test(text)) return `"${text}" is not a port: use a whole number ${range}.`;
  const n = Number(text);
  if (n < min || n > 65535) return `Port ${n} is out of range: use a whole number ${range}.`;
  return null;
}

/** "127.0.0.1:80", "[::1]:80": the way addresses are written everywhere in the app. */
export function formatHostPort(host: string, port: number): string {
  const h = stripBrackets(host);
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

export type Transport = 'tcp' | 'udp';
export interface SocketUrl {
  transport: Transport;
  host: string;
  port: number;
}

/** Parses "tcp://127.0.0.1:9000" or "udp://[::1]:5005"; throws an Error with a clear sentence. */
export function parseSocketUrl(url: string, rule: PortRule): SocketUrl {
  const m = /^(tcp|udp):\/\/(\[[^\]]*\]|[^:/[\]]*):([^/:]*)\/?$/i.exec(url.trim());
  if (!m) {
    throw new Error(
      `"${url}" is not a socket address: write it as tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).`,
    );
  }
  const [, transport, rawHost, rawPort] = m as unknown as [string, string, string, string];
  const host = stripBrackets(rawHost);
  const hostError = checkHost(host);
  if (hostError) throw new Error(hostError);
  const portError = checkPort(rawPort, rule);
  if (portError) throw new Error(portError);
  return { transport: transport.toLowerCase() as Transport, host, port: Number(rawPort) };
}
