// Host and port checks shared by the form (before anything is sent), the contract (on the main
// side) and the CLI, so all three say the same specific thing about the same mistake.
import { socketSchemes, type SocketScheme } from './kinds';
import { problemText, type Problem } from './problems';
import { quoteInput } from './quote-input';

// zod's z.ipv4() and z.ipv6() checks, written out (tests/unit/address.test.ts holds them equal to
// zod's): imported from zod, they would bring zod's schema core into the bundle chunk the engine
// shares with the contract, and the CLI's one-shot start would load it for two regular expressions.
// IPv4 is read by hand, not by zod's pattern (four octets 0-255, no leading zero): compiling that
// expression cost a one-shot `socket-lab send` about 0.2 ms, for one address.
function isIpv4(h: string): boolean {
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= h.length; i++) {
    const c = i < h.length ? h.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || ++octets > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false; // a leading zero
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else return false;
  }
  return octets === 4;
}
// Like zod: hex digits, colons and dots only (URL would read "@" or "\\" as delimiters), then the URL parser's own IPv6 check.
const isIpv6 = (h: string): boolean => /^[0-9a-fA-F:.]+$/.test(h) && URL.canParse(`http://[${h}]`);
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

/** 127.0.0.0/8, ::1 and localhost: addresses that never leave this computer. */
export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  switch (hostKind(h)) {
    case 'ipv4':
      return /^127\.\d+\.\d+\.\d+$/.test(h);
    case 'ipv6':
      return /^(0{0,4}:){2,7}0{0,3}1$/.test(h) || h === '::1';
    case 'name':
      return h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.';
  }
}

/** null when the host is usable, else what is wrong with it. */
export function hostProblem(host: string): Problem | null {
  const h = stripBrackets(host);
  if (h.length === 0) return { key: 'hostEmpty' };
  switch (hostKind(h)) {
    case 'ipv6':
      return isIpv6(h.replace(/%[\w.-]+$/, '')) ? null : { key: 'hostBadIpv6', params: { host: quoteInput(h) } };
    case 'ipv4':
      return isIpv4(h) ? null : { key: 'hostBadIpv4', params: { host: quoteInput(h) } };
    case 'name':
      return hostnamePattern.test(h) ? null : { key: 'hostBadName', params: { host: quoteInput(h) } };
  }
}

/** A local bind address for a client: an IP address only (Node's connect refuses a name there). */
export function localAddressProblem(host: string): Problem | null {
  const problem = hostProblem(host);
  if (problem) return problem;
  return hostKind(host) === 'name' ? { key: 'localAddressNotIp', params: { host: quoteInput(stripBrackets(host)) } } : null;
}

/** null when the host is usable, else a sentence saying what is wrong with it. */
export function checkHost(host: string): string | null {
  const problem = hostProblem(host);
  return problem && problemText(problem);
}

export interface PortRule {
  /** Listening and binding may ask for port 0 ("any free port"); connecting may not. */
  allowZero: boolean;
}

/** null when the port is usable, else what is wrong with it. */
export function portProblem(port: string | number, rule: PortRule): Problem | null {
  const text = String(port).trim();
  const any = rule.allowZero;
  if (text === '') return { key: any ? 'portEmptyAny' : 'portEmpty' };
  if (!/^\d+$/.test(text)) return { key: any ? 'portNotNumberAny' : 'portNotNumber', params: { port: quoteInput(text) } };
  const n = Number(text);
  // Said as typed: Number() would turn 100000000000000000000000 into 1e+23 and 0070000 into 70000.
  if (n < (any ? 0 : 1) || n > 65535) return { key: any ? 'portRangeAny' : 'portRange', params: { port: quoteInput(text) } };
  return null;
}

/** null when the port is usable, else a sentence saying what is wrong with it. */
export function checkPort(port: string | number, rule: PortRule): string | null {
  const problem = portProblem(port, rule);
  return problem && problemText(problem);
}

/** "127.0.0.1:80", "[::1]:80": the way addresses are written everywhere in the app. */
export function formatHostPort(host: string, port: number): string {
  const h = stripBrackets(host);
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

export interface SocketUrl {
  /** The scheme as written, lower-cased: one of the kinds' schemes (kinds/index.ts). */
  transport: SocketScheme;
  host: string;
  port: number;
}

/** scheme://host:port, the scheme one of the kinds' own (tcp, udp): built once from their list. */
const socketUrlPattern = new RegExp(`^(${socketSchemes.join('|')}):\\/\\/(\\[[^\\]]*\\]|[^:/[\\]]*):([^/:]*)\\/?$`, 'i');

/** Parses "tcp://127.0.0.1:9000" or "udp://[::1]:5005"; throws an Error with a clear sentence. */
export function parseSocketUrl(url: string, rule: PortRule): SocketUrl {
  const m = socketUrlPattern.exec(url.trim());
  if (!m) {
    throw new Error(problemText({ key: 'badSocketUrl', params: { url: quoteInput(url) } }));
  }
  const [, transport, rawHost, rawPort] = m as unknown as [string, string, string, string];
  const host = stripBrackets(rawHost);
  const hostError = checkHost(host);
  if (hostError) throw new Error(hostError);
  const portError = checkPort(rawPort, rule);
  if (portError) throw new Error(portError);
  return { transport: transport.toLowerCase() as SocketScheme, host, port: Number(rawPort) };
}
