// The UDP kind's open options, as the main side checks them before a socket is made (contract.ts
// composes them into openSessionInput). Apart from udp.ts so that what needs only the name loads no zod.
import { rulesSchema } from '../rules-schema';
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema';
import { groupInterfaceProblem, groupProblem, maxJoinedGroups, sameGroup, ttlProblem } from '../multicast';
import { addProblem, autoReplyOrNone, hostSchema, localAddressSchema, portSchema } from '../schema-parts';
import { udpSocket } from './udp';
import { encodingOption } from '../encoding-schema';
import { impairSpecSchema } from '../impair-schema';

/** A multicast group address: 224.0.0.0/4 or ff00::/8, brackets taken off. */
export const groupSchema = lazySchema(() =>
  z.pipe(
    z.string({ error: 'A group must be text.' }).check(
      z.superRefine((group, ctx) => {
        const problem = groupProblem(group);
        if (problem) addProblem(ctx, problem);
      }),
    ),
    z.transform((g: string) => g.trim().replace(/^\[(.*)\]$/, '$1')),
  ),
);

/** One membership: a group, and the address of the interface to hear it on (absent: the system picks). */
export const joinSchema = lazySchema(() =>
  z.object({ group: groupSchema(), iface: z.optional(localAddressSchema()) }).check(
    z.superRefine((join, ctx) => {
      if (join.iface === undefined) return;
      const problem = groupInterfaceProblem(join.group, join.iface);
      if (problem) addProblem(ctx, problem, ['iface']);
    }),
  ),
);

export const ttlSchema = lazySchema(() =>
  z.number({ error: 'TTL must be a number.' }).check(
    z.superRefine((ttl, ctx) => {
      const problem = ttlProblem(ttl);
      if (problem) addProblem(ctx, problem);
    }),
  ),
);

export const udpOpen = lazySchema(() =>
  z
    .object({
      kind: z.literal(udpSocket.kind),
      /** Local address to bind: 0.0.0.0 or :: for all, 127.0.0.1 or ::1 for loopback only. Absent: the
       * wildcard when groups or broadcast are asked for (said in the log), else 127.0.0.1. */
      host: z.optional(hostSchema()),
      /** Local port: 0 picks any free port. */
      port: portSchema(true),
      autoReply: autoReplyOrNone(),
      /** Rule-based auto-replies, first match wins; autoReply answers what none matches. No @close. */
      rules: z.optional(rulesSchema(true)),
      /** SO_BROADCAST: sends to a broadcast address (255.255.255.255, 127.255.255.255...) are allowed. */
      broadcast: z.optional(z.boolean()),
      /** Groups joined as soon as the socket is bound. */
      join: z.optional(
        z.array(joinSchema()).check(z.maxLength(maxJoinedGroups, { error: `A socket may join at most ${maxJoinedGroups} groups.` })),
      ),
      /** Hop limit of multicast datagrams sent (IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS). */
      ttl: z.optional(ttlSchema()),
      /** Whether this machine hears its own multicast datagrams (the system's default: on). */
      multicastLoop: z.optional(z.boolean()),
      /** The interface (by its address) multicast datagrams leave from. */
      multicastIf: z.optional(localAddressSchema()),
      /** The text encoding the session shows and composes in (absent: UTF-8). */
      encoding: encodingOption(),
      /** Simulated network problems on this socket's own send and receive path (absent: none). */
      impair: z.optional(impairSpecSchema()),
    })
    .check(
      z.superRefine((input, ctx) => {
        // The same membership twice is a mistake where it was typed, not a system error at bind time.
        const joins = input.join ?? [];
        joins.forEach((join, i) => {
          if (joins.findIndex((other) => sameGroup(other, join)) < i)
            addProblem(ctx, { key: 'multicastAlreadyJoined', params: { group: join.group } }, ['join', String(i), 'group']);
        });
      }),
    ),
);
