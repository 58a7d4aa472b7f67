// The schema of a workspace file (.socketlab.json): sessions as the connection form holds them, and
// collections of saved messages. Loose objects at every level, so fields a newer Socket Lab adds pass
// through untouched; every mistake a keyed problem at its path (workspace.ts words the rest).
// zod/mini and lazySchema like every schema here (schema-parts.ts): nothing is built until a workspace is parsed.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { hostProblem, portProblem } from './address';
import { lineEndings, parseEscaped, parseHex, payloadFormats } from './codec';
import { socketSchemes, type SessionKind } from './kinds';
import { tcpClientOpen, tcpServerOpen } from './kinds/tcp-schema';
import { tlsClientOpen, tlsServerOpen } from './kinds/tls-schema';
import { udpOpen } from './kinds/udp-schema';
import { maxSendBytes } from './limits';
import type { Problem } from './problems';
import { quoteInput } from './quote-input';
import { addProblem } from './schema-parts';
import { lessonNameMistakes, lessonSchema } from './lesson/lesson-schema';

/** Longest name of a session, collection or message: a label a person reads in a list. */
export const maxWorkspaceNameLength = 200;
/** Longest notes of a message: a paragraph or two for a student, not a manual. */
export const maxNotesLength = 10_000;
/** Most sessions, collections, and messages per collection: far past a lesson, short of a memory problem. */
export const maxWorkspaceItems = 10_000;
/** The targets a saved message can have: the URL schemes of `socket-lab send`. */
export const messageProtocols = socketSchemes;

const openSchemaOf: Record<SessionKind, () => z.ZodMiniType> = {
  'tcp-client': tcpClientOpen,
  'tcp-server': tcpServerOpen,
  udp: udpOpen,
  'tls-client': tlsClientOpen,
  'tls-server': tlsServerOpen,
};
const isSessionKind = (kind: unknown): kind is SessionKind => typeof kind === 'string' && Object.hasOwn(openSchemaOf, kind);

const nameSchema = () =>
  z.string().check(
    z.maxLength(maxWorkspaceNameLength),
    z.superRefine((name, ctx) => {
      if (name.trim() === '') addProblem(ctx, { key: 'workspaceNameEmpty' });
    }),
  );

/** The bytes of a saved message as typed in the composer: checked by the composer's own parsers. */
const payloadSchema = () =>
  z
    .looseObject({
      format: z.enum(payloadFormats),
      text: z.string().check(z.maxLength(maxSendBytes)),
    })
    .check(
      z.superRefine((payload, ctx) => {
        if (payload.format === 'text') return;
        const parsed = payload.format === 'hex' ? parseHex(payload.text) : parseEscaped(payload.text);
        if (!parsed.ok) addProblem(ctx, parsed.error.problem, ['text']);
      }),
    );

const targetSchema = () =>
  z
    .looseObject({
      protocol: z.enum(messageProtocols),
      host: z.string().check(z.maxLength(1000)),
      port: z.number(),
    })
    .check(
      z.superRefine((target, ctx) => {
        const host = hostProblem(target.host);
        if (host) addProblem(ctx, host, ['host']);
        const port = portProblem(target.port, { allowZero: false });
        if (port) addProblem(ctx, port, ['port']);
      }),
    );

const messageSchema = () =>
  z.looseObject({
    name: nameSchema(),
    payload: payloadSchema(),
    target: z.optional(targetSchema()),
    notes: z.optional(z.string().check(z.maxLength(maxNotesLength))),
    /** Added to the payload when sent: none (the default), lf or crlf. */
    lineEnding: z.optional(z.enum(lineEndings)),
  });

/** Names must differ where COLLECTION/NAME has to pick exactly one. */
const collectionSchema = () =>
  z
    .looseObject({
      name: nameSchema().check(
        z.superRefine((name, ctx) => {
          if (name.includes('/')) addProblem(ctx, { key: 'workspaceCollectionSlash' });
        }),
      ),
      messages: z.array(messageSchema()).check(z.maxLength(maxWorkspaceItems)),
    })
    .check(
      z.superRefine((collection, ctx) => {
        const seen = new Set<string>();
        collection.messages.forEach((message, i) => {
          if (seen.has(message.name))
            addProblem(
              ctx,
              { key: 'workspaceMessageTwice', params: { collection: quoteInput(collection.name), name: quoteInput(message.name) } },
              ['messages', String(i), 'name'],
            );
          seen.add(message.name);
        });
      }),
    );

/** One collection of saved messages: the same check for a workspace file and the window's settings.json. */
export const messageCollectionSchema = lazySchema(collectionSchema);

/**
 * A session as the connection form holds it: a name of the user's, and the open request the window
 * would send (kind, host, port, auto-reply, rules...), checked by the contract's own schema for its kind.
 */
const sessionSchema = () =>
  z.looseObject({ name: nameSchema(), kind: z.string() }).check(
    z.superRefine((session, ctx) => {
      if (!isSessionKind(session.kind)) {
        addProblem(ctx, { key: 'workspaceSessionKind', params: { kind: quoteInput(session.kind) } }, ['kind']);
        return;
      }
      const { name: _name, ...request } = session;
      const parsed = openSchemaOf[session.kind]().safeParse(request, workspaceParseParams);
      if (parsed.success) return;
      // Passed on at their place in the session, keyed problems kept (workspace.ts keys the rest).
      for (const issue of parsed.error.issues)
        ctx.issues.push({
          ...issue,
          code: 'custom',
          message: issue.message,
          path: issue.path,
          input: request,
          params: issue.code === 'custom' ? issue.params : { problem: issueProblem(issue) },
        });
    }),
  );

/** The body of a workspace whose format and version were already checked (workspace.ts). */
export const workspaceBodySchema = lazySchema(() =>
  z
    .looseObject({
      format: z.literal('socket-lab-workspace'),
      version: z.number(),
      name: z.optional(z.string().check(z.maxLength(maxWorkspaceNameLength))),
      sessions: z.optional(z.array(sessionSchema()).check(z.maxLength(maxWorkspaceItems))),
      collections: z.optional(z.array(collectionSchema()).check(z.maxLength(maxWorkspaceItems))),
      /** A lesson pack's title, introduction and prediction questions (src/shared/lesson). */
      lesson: z.optional(lessonSchema()),
    })
    .check(
      z.superRefine((workspace, ctx) => {
        const seen = new Set<string>();
        (workspace.collections ?? []).forEach((collection, i) => {
          if (seen.has(collection.name))
            addProblem(ctx, { key: 'workspaceCollectionTwice', params: { name: quoteInput(collection.name) } }, [
              'collections',
              String(i),
              'name',
            ]);
          seen.add(collection.name);
        });
        const pack = {
          sessions: (workspace.sessions ?? []).map((s) => s.name),
          shown: (workspace.collections ?? []).flatMap((c) => [c.name, ...c.messages.map((m) => m.name)]),
        };
        for (const { path, name, key } of workspace.lesson ? lessonNameMistakes(workspace.lesson, pack) : [])
          addProblem(ctx, { key, params: { name: quoteInput(name) } }, ['lesson', ...path]);
      }),
    ),
);

/** zod/mini leaves the input out of an issue: this message marks a field that is not there (see workspaceParseParams). */
const missingField = 'missing';
/** Parse with these so a missing field can be told from one of the wrong type. */
export const workspaceParseParams = {
  error: (issue: { code: string; input?: unknown }) =>
    issue.code === 'invalid_type' && issue.input === undefined ? missingField : undefined,
};

/** The keyed problem of any schema issue: its own when it carries one, else one said from its code. */
export function issueProblem(issue: z.core.$ZodIssue): Problem {
  const carried = issue.code === 'custom' ? (issue.params as { problem?: Problem } | undefined)?.problem : undefined;
  if (carried) return carried;
  switch (issue.code) {
    case 'invalid_type':
      return issue.message === missingField
        ? { key: 'workspaceFieldMissing' }
        : { key: 'workspaceFieldType', params: { expected: expectedWords(issue.expected) } };
    case 'invalid_value':
      return { key: 'workspaceFieldChoice', params: { choices: issue.values.map((v) => JSON.stringify(v)).join(', ') } };
    case 'too_big':
      return { key: 'workspaceFieldTooLong', params: { max: Number(issue.maximum) } };
    default:
      return { key: 'workspaceFieldInvalid' };
  }
}

const expectedWords = (expected: string): string =>
  ({ string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'an object' })[expected] ?? expected;
