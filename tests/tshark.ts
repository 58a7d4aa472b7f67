// Reads exported pcapng files back with Debian's tshark, as a person checking them in Wireshark would:
// the TCP stream's bytes each way, the analysis warnings, chosen fields of chosen packets.
import { execFileSync } from 'node:child_process';

const tshark = (args: string[]): string =>
  execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });

/** `tshark -qz follow,tcp,raw,N`: the bytes from the side that opened (node 0) and from the other side. */
export function followTcp(file: string, stream = 0): { fromOpener: Buffer; fromAnswerer: Buffer } {
  const text = tshark(['-r', file, '-qz', `follow,tcp,raw,${stream}`]);
  const body = text.split(/^Node 1: .*$/m)[1]!.split(/^=+$/m)[0]!;
  let opener = '';
  let answerer = '';
  for (const line of body.split('\n')) {
    if (line.startsWith('\t')) answerer += line.trim();
    else opener += line.trim();
  }
  return { fromOpener: Buffer.from(opener, 'hex'), fromAnswerer: Buffer.from(answerer, 'hex') };
}

/** What `tshark -Y FILTER` prints (one line per packet); empty when no packet matches. */
export const packetsMatching = (file: string, filter: string): string => tshark(['-r', file, '-Y', filter]);

/** One row per matching packet, the fields tab-separated as tshark prints them. */
export const fieldsOf = (file: string, filter: string, fields: string[]): string[][] =>
  tshark(['-r', file, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])])
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));

/** Packets whose IP, TCP or UDP checksum tshark finds wrong (it checks them when asked). */
export const badChecksums = (file: string): string =>
  tshark([
    '-r',
    file,
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'tcp.check_checksum:TRUE',
    '-o',
    'udp.check_checksum:TRUE',
    '-Y',
    'ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || _ws.malformed || _ws.expert.severity >= warning',
  ]);
