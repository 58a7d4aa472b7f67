// The `impair` open option and setImpair's input: a spec string ("loss=30%,seed=7") checked by the same
// parser as the CLI, each mistake a keyed problem at the field; it becomes the parsed settings.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { parseImpairSpec, type ImpairSettings } from './impair';
import { addProblem } from './schema-parts';

export const impairSpecSchema = lazySchema(() =>
  z.pipe(
    z.string({ error: 'The simulated problems must be text, e.g. "loss=30%,seed=7".' }).check(
      z.superRefine((spec, ctx) => {
        const parsed = parseImpairSpec(spec);
        if (!parsed.ok) addProblem(ctx, parsed.problem);
      }),
    ),
    z.transform((spec: string): ImpairSettings => {
      const parsed = parseImpairSpec(spec);
      // Checked just above: a refused spec never gets here.
      return parsed.ok ? parsed.value : { seed: 1, in: null, out: null };
    }),
  ),
);
