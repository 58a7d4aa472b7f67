// The text encodings a session can show and compose in: names only, no library (the window and the
// CLI's --help load this); the bytes are encoded and decoded main-side (engine/text/encoding.ts).
export const textEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'iso-8859-1', 'ascii', 'euc-kr', 'cp949', 'shift_jis', 'gbk'] as const;
export type TextEncoding = (typeof textEncodings)[number];
export const defaultEncoding: TextEncoding = 'utf-8';

/** How each is shown in a list (the names people know them by). */
export const encodingLabels: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'iso-8859-1': 'ISO-8859-1',
  ascii: 'ASCII',
  'euc-kr': 'EUC-KR',
  cp949: 'CP949',
  shift_jis: 'Shift_JIS',
  gbk: 'GBK',
};

/** A name as typed (any case, "_" or "-"), or null when it is none of the list. */
export function encodingNamed(name: string): TextEncoding | null {
  const wanted = name.trim().toLowerCase().replace(/_/g, '-');
  return textEncodings.find((e) => e.replace(/_/g, '-') === wanted) ?? null;
}
