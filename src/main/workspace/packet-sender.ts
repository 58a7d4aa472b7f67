// Packet Sender's saved packets to a workspace: its packets.ini (QSettings INI: a [NAMES] list, then one
// group per packet with name, hexString, toIP, port, tcpOrUdp, requestPath, repeat, fromIP...) or its JSON
// export (an array of the same fields, lower-cased). Names, payloads and TCP / UDP / SSL targets map; what
// cannot (HTTP methods, SSL options, repeat, a source address, its macros) is returned as keyed notes, never dropped.
import { hostProblem, formatHostPort, portProblem } from '../../shared/address';
import { decodeStrictUtf8, toEscaped, toHex } from '../../shared/codec';
import { problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { emptyWorkspace, type SavedMessage, type SavedTarget, type Workspace } from '../../shared/workspace';
import { maxWorkspaceNameLength } from '../../shared/workspace-schema';
import { parseQtIni, type QtIniValue, type QtIniValues } from './qt-ini';

/** One packet as Packet Sender keeps it (Packet::fetchAllfromDB / ImportJSON), before mapping. */
export interface PacketSenderPacket {
  name: string;
  hexString: string;
  toIP: string;
  port: number;
  tcpOrUdp: string;
  requestPath: string;
  repeat: number;
  fromIP: string;
}

export interface PacketSenderImport {
  workspace: Workspace;
  /** How many packets became saved messages. */
  imported: number;
  /** What could not be mapped, one keyed note per item, in the order of the messages. */
  notes: Problem[];
}

/** The collection the packets go into. */
export const importedCollectionName = 'Packet Sender';

const asText = (v: QtIniValue | undefined | unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const asNumber = (v: QtIniValue | undefined | unknown): number => {
  if (typeof v === 'number') return v;
  const n = Number(asText(v).trim());
  return asText(v).trim() === '' || !Number.isFinite(n) ? 0 : n;
};

/** packets.ini: the names listed under [NAMES] (size, 1\name, 2\name...), each read from its own group. */
function packetsFromIni(values: QtIniValues): PacketSenderPacket[] | null {
  const size = asNumber(values.get('NAMES/size'));
  let names: string[] = [];
  for (let i = 1; i <= size && i <= 100_000; i++) {
    const name = asText(values.get(`NAMES/${i}/name`));
    if (name !== '') names.push(name);
  }
  // No list (a hand-made file): every group that has a payload or a target, as Packet Sender would save it.
  if (names.length === 0) {
    const groups = new Set<string>();
    for (const key of values.keys()) {
      const m = /^(.*)\/(hexString|toIP)$/.exec(key);
      if (m && m[1] !== 'NAMES') groups.add(m[1]!);
    }
    names = [...groups];
  }
  if (names.length === 0) return null;
  return names.map((group) => {
    const get = (key: string): QtIniValue | undefined => values.get(`${group}/${key}`);
    return {
      name: asText(get('name')) || group,
      hexString: asText(get('hexString')),
      toIP: asText(get('toIP')),
      port: asNumber(get('port')),
      tcpOrUdp: asText(get('tcpOrUdp')) || 'TCP',
      requestPath: asText(get('requestPath')),
      repeat: asNumber(get('repeat')),
      fromIP: asText(get('fromIP')),
    };
  });
}

/** The JSON export (Packet::ExportJSON): an array of objects with lower-cased keys, numbers written as text. */
function packetsFromJson(value: unknown): PacketSenderPacket[] | null {
  if (!Array.isArray(value)) return null;
  const packets: PacketSenderPacket[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    packets.push({
      name: asText(o.name),
      hexString: asText(o.hexstring),
      toIP: asText(o.toip),
      port: asNumber(o.port),
      tcpOrUdp: asText(o.tcporudp) || 'TCP',
      requestPath: asText(o.requestpath),
      repeat: asNumber(o.repeat),
      fromIP: asText(o.fromip),
    });
  }
  return packets;
}

/** The file's packets, whichever of the two forms it is; null when it is neither. */
export function readPacketSenderFile(text: string): PacketSenderPacket[] | null {
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*\[\s*(\{|\])/.test(body)) {
    try {
      return packetsFromJson(JSON.parse(body));
    } catch {
      // Not JSON after all: an INI group name may start with "{".
    }
  }
  return packetsFromIni(parseQtIni(body));
}

/** QByteArray::fromHex, as Packet Sender reads hexString: every non-hex character skipped, pairs from the end. */
export function packetBytes(hexString: string): Uint8Array {
  let digits = hexString.replace(/[^0-9a-fA-F]/g, '');
  if (digits.length % 2 === 1) digits = '0' + digits;
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
}

/** Readable when it is text (UTF-8, no control bytes but CR, LF, tab): escaped; anything else: hex. Same bytes either way. */
function payloadOf(bytes: Uint8Array): SavedMessage['payload'] {
  const text = decodeStrictUtf8(bytes);
  // eslint-disable-next-line no-control-regex
  if (text !== null && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) return { format: 'escaped', text: toEscaped(bytes) };
  return { format: 'hex', text: toHex(bytes).toLowerCase() };
}

const packetSenderMacro = /\{\{(TIME|DATE|UNIXTIME|RANDOM|UNIQUE)\}\}/;

/** One packet to a saved message, with a note for each thing that did not map. */
function mapPacket(packet: PacketSenderPacket, name: string, notes: Problem[]): SavedMessage {
  const quoted = quoteInput(name);
  const bytes = packetBytes(packet.hexString);
  const message: SavedMessage = { name, payload: payloadOf(bytes) };
  const method = packet.tcpOrUdp.trim();
  const lower = method.toLowerCase();
  const where = formatHostPort(packet.toIP.trim(), packet.port);
  const kept: string[] = [];

  let protocol: SavedTarget['protocol'] | null = null;
  if (lower.includes('http')) {
    const scheme = lower.includes('https') ? 'https' : 'http';
    notes.push({
      key: 'importHttp',
      params: { name: quoted, method: quoteInput(method), path: quoteInput(`${scheme}://${where}${packet.requestPath || '/'}`) },
    });
    kept.push(`Packet Sender: ${method} ${scheme}://${where}${packet.requestPath || '/'}`);
  } else if (lower === 'tcp' || lower === 'udp') protocol = lower;
  else if (lower.includes('ssl')) protocol = 'tls';
  else {
    notes.push({ key: 'importUnknownMethod', params: { name: quoted, method: quoteInput(method) } });
    kept.push(`Packet Sender: ${method} ${where}`);
  }

  if (protocol !== null) {
    const host = packet.toIP.trim();
    const problem = hostProblem(host) ?? portProblem(packet.port, { allowZero: false });
    if (problem) {
      notes.push({ key: 'importBadTarget', params: { name: quoted, detail: problemText(problem) } });
      kept.push(`Packet Sender: ${method} ${where}`);
    } else {
      message.target = { protocol, host, port: packet.port };
      if (protocol === 'tls') notes.push({ key: 'importSsl', params: { name: quoted, where: quoteInput(where) } });
    }
  }
  if (packet.repeat > 0) {
    const seconds = Math.round(packet.repeat * 1000) / 1000;
    notes.push({ key: 'importRepeat', params: { name: quoted, seconds } });
    kept.push(`Packet Sender: repeat every ${seconds} s`);
  }
  const from = packet.fromIP.trim();
  if (from !== '' && from.toLowerCase() !== 'you') {
    notes.push({ key: 'importSource', params: { name: quoted, from: quoteInput(from) } });
    kept.push(`Packet Sender: from ${from}`);
  }
  const macro = packetSenderMacro.exec(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  if (macro) notes.push({ key: 'importMacros', params: { name: quoted, macro: macro[0] } });
  // What did not map stays with the message, so opening the workspace still shows it.
  if (kept.length > 0) message.notes = kept.join('\n');
  return message;
}

/** A name that fits and is not taken yet: "name (2)", "name (3)"... for repeats. */
function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.slice(0, maxWorkspaceNameLength - 6);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
}

/** Maps the file's packets into a new workspace with one collection, in the order Packet Sender lists them (by name). */
export function importPacketSender(text: string): PacketSenderImport | null {
  const packets = readPacketSenderFile(text);
  if (packets === null) return null;
  const named = packets.filter((p) => p.name.trim() !== '');
  named.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const notes: Problem[] = [];
  const taken = new Set<string>();
  const messages = named.map((packet) => {
    const name = uniqueName(packet.name, taken);
    if (name !== packet.name) notes.push({ key: 'importRenamed', params: { name: quoteInput(packet.name), renamed: quoteInput(name) } });
    taken.add(name);
    return mapPacket(packet, name, notes);
  });
  const workspace = emptyWorkspace();
  workspace.collections = messages.length > 0 ? [{ name: importedCollectionName, messages }] : [];
  return { workspace, imported: messages.length, notes };
}
