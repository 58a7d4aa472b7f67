// The TCP kinds' open options, as the main side checks them before a socket is made (contract.ts
// composes them into openSessionInput). Apart from tcp.ts so that what needs only the names loads no zod.
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema';
import { problemText } from '../problems';
import { addProblem, autoReplyOrNone, hostSchema, localAddressSchema, portSchema } from '../schema-parts';
import { rulesSchema } from '../rules-schema';
import { checkFraming, streamOptionsShape } from './stream-schema';
import { encodingOption } from '../encoding-schema';
import { tcpClient, tcpServer } from './tcp';

/** The shapes, apart from their schemas: the TLS kinds spread them into theirs. */
export const tcpClientShape = () => ({
  kind: z.literal(tcpClient.kind),
  host: hostSchema(),
  port: portSchema(false),
  localAddress: z.optional(localAddressSchema()),
  localPort: z.optional(portSchema(true)),
  connectTimeoutMs: z._default(
    z.number({ error: problemText({ key: 'connectTimeoutRange' }) }).check(
      z.superRefine((ms, ctx) => {
        // Keyed like every other mistake, so the window can say it in the reader's language.
        if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) addProblem(ctx, { key: 'connectTimeoutRange' });
      }),
    ),
    10_000,
  ),
  ...streamOptionsShape(),
  /** The text encoding the session shows and composes in (absent: UTF-8). */
  encoding: encodingOption(),
});

export const tcpServerShape = () => ({
  kind: z.literal(tcpServer.kind),
  host: hostSchema(),
  port: portSchema(true),
  autoReply: autoReplyOrNone(),
  /** Rule-based auto-replies, first match wins; autoReply answers what none matches. */
  rules: z.optional(rulesSchema(false)),
  ...streamOptionsShape(),
  /** The text encoding the session shows and composes in (absent: UTF-8). */
  encoding: encodingOption(),
});

export const tcpClientOpen = lazySchema(() => z.object(tcpClientShape()).check(checkFraming()));
export const tcpServerOpen = lazySchema(() => z.object(tcpServerShape()).check(checkFraming()));
