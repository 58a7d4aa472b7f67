// The UDP kind's open options, as the main side checks them before a socket is made (contract.ts
// composes them into openSessionInput). Apart from udp.ts so that what needs only the name loads no zod.
import * as z from 'zod/mini';
import { autoReplyOrNone, hostSchema, portSchema } from '../schema-parts';
import { udpSocket } from './udp';

export const udpOpen = z.object({
  kind: z.literal(udpSocket.kind),
  /** Local address to bind: 0.0.0.0 or :: for all, 127.0.0.1 or ::1 for loopback only. */
  host: hostSchema,
  /** Local port: 0 picks any free port. */
  port: portSchema(true),
  autoReply: autoReplyOrNone,
});
