// Which lab tool demonstrates each glossary entry ("Show in ..."): null where no tool shows it better than the words.
import type { GlossaryId, LabToolId } from '../lab/lab-nav';

export const glossaryTool: Record<GlossaryId, LabToolId | null> = {
  socket: 'state',
  bind: 'state',
  listen: 'state',
  accept: 'state',
  connect: 'state',
  send: 'streamDatagram',
  recv: 'streamDatagram',
  shutdown: 'closeAbort',
  close: 'closeAbort',
  stream: 'streamDatagram',
  datagram: 'streamDatagram',
  boundary: 'streamDatagram',
  handshake: 'state',
  fin: 'closeAbort',
  rst: 'closeAbort',
  halfClose: 'closeAbort',
  timeWait: 'state',
  refused: 'closeAbort',
  port: null,
  loss: 'networkProblems',
  retransmission: 'networkProblems',
  framing: 'streamDatagram',
};

/** An id from a lesson file or a link is a glossary entry only if the glossary has it. */
export const isGlossaryId = (id: unknown): id is GlossaryId => typeof id === 'string' && Object.hasOwn(glossaryTool, id);
