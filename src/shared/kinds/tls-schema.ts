// The TLS kinds' open options: the TCP ones plus certificate files, trust and SNI, checked before a
// socket is made (contract.ts composes them). Files are read by the engine, which says what is wrong in them.
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema';
import { hostKind, hostProblem } from '../address';
import { problemText } from '../problems';
import { quoteInput } from '../quote-input';
import { addProblem } from '../schema-parts';
import { checkFraming, refuseManualRead } from './stream-schema';
import { tcpClientShape, tcpServerShape } from './tcp-schema';
import { tlsClient, tlsServer, tlsVersions } from './tls';

/** Longest file path taken: Windows' long paths reach 32,767, nobody types more than this. */
const maxPathLength = 4096;

/** A PEM file's path as typed: a file name is checked on disk by the engine, here only that one is given. */
const pemPath = () =>
  z.string({ error: problemText({ key: 'tlsFileEmpty' }) }).check(
    z.superRefine((path, ctx) => {
      if (path.trim() === '' || path.length > maxPathLength) addProblem(ctx, { key: 'tlsFileEmpty' });
    }),
  );

/** SNI carries a host name only (RFC 6066): an address there is a mistake worth saying. */
const servernameSchema = () =>
  z.string({ error: problemText({ key: 'hostNotText' }) }).check(
    z.superRefine((name, ctx) => {
      if (name.trim() === '') return addProblem(ctx, { key: 'tlsServernameEmpty' });
      if (hostKind(name) !== 'name') return addProblem(ctx, { key: 'tlsServernameIp', params: { name: quoteInput(name) } });
      const problem = hostProblem(name);
      if (problem) addProblem(ctx, problem);
    }),
  );

const tlsVersionSchema = () => z.enum(tlsVersions, { error: problemText({ key: 'tlsVersionBad' }) });

// The TCP shapes spread, not extended: extending a schema with checks (framing) is refused by zod.
export const tlsClientOpen = lazySchema(() =>
  z
    .object({
      ...tcpClientShape(),
      kind: z.literal(tlsClient.kind),
      /** PEM file of the certificate authorities to trust instead of the system's. */
      caFile: z.optional(pemPath()),
      servername: z.optional(servernameSchema()),
      /** Accept any certificate: the connection is encrypted but the peer is not verified. */
      insecure: z._default(z.boolean(), false),
      tlsVersion: z.optional(tlsVersionSchema()),
    })
    .check(checkFraming(), refuseManualRead()),
);

export const tlsServerOpen = lazySchema(() =>
  z
    .object({
      ...tcpServerShape(),
      kind: z.literal(tlsServer.kind),
      /** PEM certificate and its key; without both, a self-signed certificate kept in the data folder. */
      certFile: z.optional(pemPath()),
      keyFile: z.optional(pemPath()),
      tlsVersion: z.optional(tlsVersionSchema()),
    })
    .check(
      checkFraming(),
      refuseManualRead(),
      z.superRefine((input, ctx) => {
        // One without the other cannot serve: say so at the one that is missing.
        if (input.certFile !== undefined && input.keyFile === undefined) addProblem(ctx, { key: 'tlsKeyWithoutCert' }, ['keyFile']);
        if (input.keyFile !== undefined && input.certFile === undefined) addProblem(ctx, { key: 'tlsCertWithoutKey' }, ['certFile']);
      }),
    ),
);
