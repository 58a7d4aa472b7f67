// Which lab tool is shown, and which glossary entry is asked for: any part of the window can send the reader
// there ("What is RST?" in the diagram opens the glossary at RST; a lesson opens its tool), and opens the lab.
import { setLabOpen } from './lab-toggle';
import { ChangeSignal } from '../../lib/change-signal';

export const labToolIds = ['state', 'closeAbort', 'streamDatagram', 'networkProblems', 'predict', 'copyAsCode', 'glossary'] as const;
export type LabToolId = (typeof labToolIds)[number];

/** The glossary's entries (features/glossary words them); other tools link to them by these ids. */
export const glossaryIds = [
  'socket',
  'bind',
  'listen',
  'accept',
  'connect',
  'send',
  'recv',
  'shutdown',
  'close',
  'stream',
  'datagram',
  'boundary',
  'handshake',
  'fin',
  'rst',
  'halfClose',
  'timeWait',
  'refused',
  'port',
  'loss',
  'retransmission',
  'framing',
] as const;
export type GlossaryId = (typeof glossaryIds)[number];

class LabNavigation extends ChangeSignal {
  tool: LabToolId = 'state';
  /** The glossary entry asked for last (scrolled to and marked when the glossary shows). */
  glossaryEntry: GlossaryId | null = null;

  show(tool: LabToolId): void {
    this.tool = tool;
    setLabOpen(true);
    this.changed();
  }

  /** Opens the glossary at one entry. */
  explain(entry: GlossaryId): void {
    this.glossaryEntry = entry;
    this.show('glossary');
  }
}

export const labNav = new LabNavigation();
