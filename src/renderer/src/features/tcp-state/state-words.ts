// The State tool's words: a state with its gloss, a step's cause with the socket call named as the course names it.
import type { TFunction } from 'i18next';
import type { AppState, RfcState, StateEvent, StateStep } from '../../../../shared/lesson/tcp-state';

/** The call behind each event, named once in the `calls` block (Korean: the course term with the API name). */
const callOf: Partial<Record<StateEvent, 'listen' | 'connect' | 'accept' | 'shutdown' | 'close'>> = {
  listen: 'listen',
  connectCalled: 'connect',
  accepted: 'accept',
  finSent: 'shutdown',
  close: 'close',
};

export function eventText(t: TFunction, event: StateEvent): string {
  const call = callOf[event];
  return t(`tcpState.events.${event}`, call ? { call: t(`calls.${call}`) } : {});
}

/** "ESTABLISHED (connected)": the RFC name kept in every language, its gloss beside it. */
export const glossOf = (t: TFunction, state: AppState | RfcState): string => t(`tcpState.gloss.${state}`);

/** "SYN_SENT -> ESTABLISHED on 'connect'" as the text equivalent of the lit edge. */
export const stepText = (t: TFunction, step: StateStep): string =>
  t('tcpState.lastStep', { from: step.from, to: step.to, event: eventText(t, step.event) });
