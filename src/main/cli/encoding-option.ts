// `--encoding NAME` of `send` and `serve`: the text of --text is written in it, and text printed is
// decoded from it (engine/text/encoding.ts). Absent: UTF-8, and iconv-lite is never loaded.
import { defaultEncoding, encodingLabels, encodingNamed, textEncodings, type TextEncoding } from '../../shared/encodings';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { UsageError } from './args';

/** Its parseArgs entry, spread into each command's own. */
export const encodingOptionSpec = { encoding: { type: 'string' } } as const;

/** The encoding named; an unknown name is one line (exit 2) listing the names there are. */
export function encodingOption(value: string | undefined): TextEncoding {
  if (value === undefined) return defaultEncoding;
  const named = encodingNamed(value);
  if (named === null) {
    const list = textEncodings.map((e) => encodingLabels[e]).join(', ');
    throw new UsageError(`--encoding: ${problemText({ key: 'encodingUnknown', params: { name: quoteInput(value), list } })}`);
  }
  return named;
}

/** The open request's field: left out for UTF-8, so such a request is what it always was. */
export const encodingField = (encoding: TextEncoding): { encoding?: TextEncoding } => (encoding === defaultEncoding ? {} : { encoding });
