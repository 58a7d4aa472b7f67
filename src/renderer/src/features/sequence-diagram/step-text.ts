// What a diagram step says, in the reader's language: the short label drawn on its arrow, and the whole
// sentence (time, from, to) a screen reader reads and the step status shows.
import type { TFunction } from 'i18next';
import type { Lifeline, Step } from '../../../../shared/lesson/steps';
import type { GlossaryId } from '../lab/lab-nav';
import { formatNumber } from '../../lib/format-number';
import { formatBytes } from '../status-bar/format-bytes';

const callText = (step: Step, t: TFunction): string => (step.call ? t(`calls.${step.call}`) : '');

/** The label on the step's arrow or note. */
export function stepLabel(step: Step, t: TFunction, language: string): string {
  const call = callText(step, t);
  const w = step.what;
  const n = (x: number): string => formatNumber(x, language);
  const bytes = (count: number): string => t('diagram.bytes', { count, formatted: n(count) });
  let text: string;
  switch (w.kind) {
    case 'call':
      text = call;
      break;
    case 'bound':
    case 'listening':
      text = t(`diagram.what.${w.kind}`, { call, where: w.where });
      break;
    case 'connected':
    case 'finReceived':
    case 'rstReceived':
    case 'refused':
    case 'timedOut':
      text = t(`diagram.what.${w.kind}`, { call });
      break;
    case 'accepted':
      text = t('diagram.what.accepted', { call, peer: w.peer });
      break;
    case 'data':
      text = t('diagram.what.data', { call, bytes: bytes(w.bytes) });
      break;
    case 'lost':
      text = t('diagram.what.data', { call, bytes: bytes(w.bytes) });
      break;
    case 'closed':
      text = w.error === null ? t('diagram.what.closed', { call }) : t('diagram.what.closedError', { call, reason: w.error });
      break;
    case 'packet':
      text = t('diagram.what.packet', { packet: w.packet, inferred: t('diagram.inferred') });
      break;
    case 'error':
      text = t('diagram.what.error', { code: w.code });
      break;
    case 'secured':
      text = t('diagram.what.secured');
      break;
    case 'flood':
      text = t(w.ended ? 'diagram.what.flood' : 'diagram.what.floodRunning', {
        call,
        messages: n(w.messages),
        bytes: formatBytes(w.bytes),
      });
      break;
  }
  if (step.simulated) text += ` · ${t(`diagram.sim.${step.simulated}`, { ms: n(step.delayMs ?? 0) })}`;
  return text;
}

/** A lifeline's name: its role and the address it stands for. */
export function lifelineName(line: Lifeline, t: TFunction): string {
  // A server's peers are the clients it accepted, each a connection of its own.
  const role = line.connectionId ? `${t('diagram.lifeline.client')} ${line.connectionId}` : t(`diagram.lifeline.${line.role}`);
  return line.label === '' ? role : `${role} ${line.label}`;
}

/** Seconds since the first step held: "+0.012 s", "+1:05.3". */
export function relativeTime(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `+${s.toFixed(3)} s`;
  const m = Math.floor(s / 60);
  return `+${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** The whole sentence of a step: when, between which lifelines, what. */
export function stepSentence(step: Step, lines: ReadonlyMap<string, Lifeline>, since: number, t: TFunction, language: string): string {
  const text = stepLabel(step, t, language);
  const name = (id: string): string => {
    const line = lines.get(id);
    return line ? lifelineName(line, t) : id;
  };
  const time = relativeTime(step.time - since);
  if (step.from === step.to) return t('diagram.sentenceNote', { time, on: name(step.from), text });
  return t('diagram.sentence', { time, from: name(step.from), to: name(step.to), text });
}

/** The glossary entry that explains a step (the Glossary words it; the diagram only links there). */
export function glossaryFor(step: Step): GlossaryId {
  const w = step.what;
  if (w.kind === 'packet') return w.packet === 'FIN' ? 'fin' : w.packet === 'RST' ? 'rst' : 'handshake';
  if (w.kind === 'finReceived') return 'fin';
  if (w.kind === 'rstReceived') return 'rst';
  if (w.kind === 'refused') return 'refused';
  if (step.simulated === 'lost') return 'loss';
  switch (step.call) {
    case 'sendto':
    case 'recvfrom':
      return 'datagram';
    case 'sendall':
    case 'send':
      return 'send';
    case null:
      return 'socket';
    default:
      return step.call;
  }
}
