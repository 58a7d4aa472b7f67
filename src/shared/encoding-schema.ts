// The zod schema of a session's text encoding (open option, setEncoding, encodeText): a name of the list, keyed when not.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { encodingLabels, encodingNamed, textEncodings, type TextEncoding } from './encodings';
import { addProblem } from './schema-parts';
import { quoteInput } from './quote-input';

const list = textEncodings.map((e) => encodingLabels[e]).join(', ');

/** A name of the list, as typed in any case ("CP949", "Shift-JIS"), given back as the list spells it. */
export const encodingSchema = lazySchema(() =>
  z.pipe(
    z.string().check(
      z.superRefine((name, ctx) => {
        if (encodingNamed(name) === null) addProblem(ctx, { key: 'encodingUnknown', params: { name: quoteInput(name), list } });
      }),
    ),
    z.transform((name: string): TextEncoding => encodingNamed(name)!),
  ),
);

/** The open option: absent is UTF-8. */
export const encodingOption = lazySchema(() => z.optional(encodingSchema()));
