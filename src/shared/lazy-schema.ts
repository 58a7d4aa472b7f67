// A schema built when first asked for, then kept. Every schema a shared module exports is made this way, so a
// command builds only what it checks. Not zod's z.lazy: that is itself a schema, about 10 µs to construct for
// each of the sixty or so a start-up would make before checking anything (bench figure 4a), where a function
// costs nothing until called.
export function lazySchema<S>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}
