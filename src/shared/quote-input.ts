// Quotes what a person typed inside an error message, cut to a short prefix, so a huge input (a
// 60 MB host pasted by mistake) never comes back as a 60 MB message. Every problem that echoes
// input (host, port text, URL, hex group, escape, option value...) goes through here.
import { fillTemplate, problemTexts } from './problems';

/** Inputs up to this many characters are quoted whole: enough for any IPv6 address or a usual URL. */
export const quotedInputMax = 48;

/** The input itself when short, else its first characters, "…" and the full length. */
export function quoteInput(input: string, max = quotedInputMax): string {
  if (input.length <= max) return input;
  let head = input.slice(0, max);
  // Never cut a surrogate pair in half (it would show as a broken character).
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return fillTemplate(problemTexts.cutInput, { head, length: input.length.toLocaleString('en-US') });
}

const cutPattern = /^([\s\S]*)… \(([\d,]+) characters\)$/;

/** The parts of a quote that quoteInput cut, so the window can word "N characters" in the reader's language. */
export function splitQuotedInput(quoted: string): { head: string; length: string } | null {
  const m = cutPattern.exec(quoted);
  return m ? { head: m[1]!, length: m[2]! } : null;
}
