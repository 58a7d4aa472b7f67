// The connection form's multicast options of a UDP socket: TTL, loop, the interface multicast leaves
// from and the groups joined at open, checked as typed, turned into the open request, read back from a session.
import { hostKind, hostProblem, stripBrackets } from '../../../../shared/address';
import type { SessionInfo } from '../../../../shared/contract';
import { maxJoinedGroups, parseJoinSpec, ttlProblem } from '../../../../shared/multicast';
import type { Problem } from '../../../../shared/problems';
import { quoteInput } from '../../../../shared/quote-input';

export interface MulticastFormValues {
  /** '' leaves the system's TTL (1). */
  ttl: string;
  multicastLoop: '' | 'on' | 'off';
  /** An address of this machine; '' lets the system pick. */
  multicastIf: string;
  /** Space-separated GROUP or GROUP,INTERFACE_ADDRESS (the comma is the CLI's --join syntax). */
  joinAtOpen: string;
}

export const initialMulticastValues: MulticastFormValues = { ttl: '', multicastLoop: '', multicastIf: '', joinAtOpen: '' };

export type MulticastField = keyof MulticastFormValues;

const specsOf = (text: string): string[] => text.split(/[\s;]+/).filter((s) => s !== '');

/** Mistakes the form can see before asking the main side (whether an interface exists is the engine's to say). */
export function multicastFieldProblems(v: MulticastFormValues & { kind: string }): [MulticastField, Problem][] {
  if (v.kind !== 'udp') return [];
  const found: [MulticastField, Problem][] = [];
  if (v.ttl.trim() !== '') {
    const problem = ttlProblem(v.ttl);
    if (problem) found.push(['ttl', problem]);
  }
  const iface = stripBrackets(v.multicastIf.trim());
  if (iface !== '' && (hostKind(iface) === 'name' || hostProblem(iface) !== null))
    found.push(['multicastIf', { key: 'multicastBadInterface', params: { iface: quoteInput(iface) } }]);
  const specs = specsOf(v.joinAtOpen);
  if (specs.length > maxJoinedGroups) found.push(['joinAtOpen', { key: 'multicastTooMany', params: { max: maxJoinedGroups } }]);
  for (const spec of specs) {
    const parsed = parseJoinSpec(spec);
    if (!parsed.ok) {
      found.push(['joinAtOpen', parsed.problem]);
      break;
    }
  }
  return found;
}

/** The open request's multicast fields (checked first); what is left empty is left out. */
export function multicastRequestFields(v: MulticastFormValues): {
  ttl?: number;
  multicastLoop?: boolean;
  multicastIf?: string;
  join?: { group: string; iface?: string }[];
} {
  const join = specsOf(v.joinAtOpen).flatMap((spec) => {
    const parsed = parseJoinSpec(spec);
    return parsed.ok ? [parsed.value] : [];
  });
  return {
    ...(v.ttl.trim() !== '' ? { ttl: Number(v.ttl.trim()) } : {}),
    ...(v.multicastLoop !== '' ? { multicastLoop: v.multicastLoop === 'on' } : {}),
    ...(v.multicastIf.trim() !== '' ? { multicastIf: stripBrackets(v.multicastIf.trim()) } : {}),
    ...(join.length > 0 ? { join } : {}),
  };
}

/** What a UDP session shows of these options: as opened, and the groups it is in now. */
export function multicastValuesFrom(session: SessionInfo): Partial<MulticastFormValues> {
  const m = session.multicast;
  if (!m) return {};
  return {
    ttl: m.ttl === null ? '' : String(m.ttl),
    multicastLoop: m.loop === null ? '' : m.loop ? 'on' : 'off',
    multicastIf: m.iface ?? '',
    joinAtOpen: (session.groups ?? []).map((g) => (g.iface ? `${g.group},${g.iface}` : g.group)).join(' '),
  };
}

/** A main-side error field this part of the form shows ("join.1.group" is the join list). */
export function multicastFieldOf(field: string | undefined): MulticastField | null {
  if (field === 'ttl' || field === 'multicastIf') return field;
  if (field === 'multicastLoop') return 'multicastLoop';
  if (field?.startsWith('join')) return 'joinAtOpen';
  return null;
}
