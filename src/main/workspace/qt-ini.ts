// A reader for the INI files Qt's QSettings writes (QSettings::IniFormat), as Packet Sender's packets.ini
// is: percent-encoded group and key names (%20, %U4E2D, "\" for "/"), quoted and escaped values (\", \\,
// \xHHHH, \0 octal), comma lists, and typed values (@Variant(...), @ByteArray(...)). Written after the
// rules of Qt's qsettings.cpp (iniUnescapedKey, iniUnescapedStringList, stringToVariant); no Qt needed.

/** Every value of the file under its full key, "group/key" (the [General] group is the top level). */
export type QtIniValues = Map<string, QtIniValue>;
export type QtIniValue = string | number | boolean | Uint8Array | null;

/** A group or key name: %XX and %UXXXX are characters, "\" stands for "/" (a subgroup). */
export function unescapeKey(key: string): string {
  const units: number[] = [];
  let i = 0;
  while (i < key.length) {
    const ch = key[i]!;
    if (ch === '\\') {
      units.push(0x2f);
      i++;
      continue;
    }
    if (ch !== '%' || i === key.length - 1) {
      units.push(key.charCodeAt(i));
      i++;
      continue;
    }
    const wide = key[i + 1] === 'U';
    const first = i + (wide ? 2 : 1);
    const digits = key.slice(first, first + (wide ? 4 : 2));
    if (digits.length !== (wide ? 4 : 2) || !/^[0-9a-fA-F]+$/.test(digits)) {
      units.push(0x25);
      i++;
      continue;
    }
    units.push(parseInt(digits, 16));
    i = first + digits.length;
  }
  return String.fromCharCode(...units);
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '?': '?',
  "'": "'",
  '\\': '\\',
};

/**
 * A value as written after "=": quoted parts, escapes, and commas outside quotes making a list (returned
 * joined by "," again: Packet Sender quotes every value that has one). Spaces around an unquoted part go.
 */
export function unescapeValue(raw: string): string {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  // Where trailing spaces may be chopped from: never into what came from quotes or escapes.
  let keep = 0;
  const skipSpaces = (): void => {
    while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++;
  };
  const chop = (): void => {
    if (wasQuoted) return;
    let end = current.length;
    while (end > keep && (current[end - 1] === ' ' || current[end - 1] === '\t')) end--;
    current = current.slice(0, end);
  };
  skipSpaces();
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '\\') {
      i++;
      if (i >= raw.length) break;
      const code = raw[i++]!;
      if (code in simpleEscapes) current += simpleEscapes[code];
      else if (code === 'x' || /[0-7]/.test(code)) {
        // \x takes every hex digit that follows, \N every octal digit: one character each (a UTF-16 unit).
        const hex = code === 'x';
        let value = hex ? 0 : Number(code);
        const digit = hex ? /[0-9a-fA-F]/ : /[0-7]/;
        while (i < raw.length && digit.test(raw[i]!)) value = value * (hex ? 16 : 8) + parseInt(raw[i++]!, hex ? 16 : 8);
        current += String.fromCharCode(value & 0xffff);
      }
      // Any other escaped character is dropped, as Qt does.
      keep = current.length;
      continue;
    }
    if (ch === '"') {
      i++;
      wasQuoted = true;
      quoted = !quoted;
      keep = current.length;
      if (!quoted) skipSpaces();
      continue;
    }
    if (ch === ',' && !quoted) {
      chop();
      parts.push(current);
      current = '';
      wasQuoted = false;
      keep = 0;
      i++;
      skipSpaces();
      continue;
    }
    let j = i + 1;
    while (j < raw.length && raw[j] !== '\\' && raw[j] !== '"' && raw[j] !== ',') j++;
    current += raw.slice(i, j);
    i = j;
  }
  chop();
  parts.push(current);
  return parts.join(',');
}

/** A value's text to what it stands for: @Variant(...) numbers, @ByteArray(...) bytes, "@@" a leading "@". */
export function typedValue(text: string): QtIniValue {
  if (!text.startsWith('@')) return text;
  if (text.startsWith('@@')) return text.slice(1);
  const inner = (prefix: string): string | null => (text.startsWith(prefix) && text.endsWith(')') ? text.slice(prefix.length, -1) : null);
  const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  const bytes = inner('@ByteArray(');
  if (bytes !== null) return latin1(bytes);
  const string = inner('@String(');
  if (string !== null) return string;
  const variant = inner('@Variant(');
  if (variant !== null) return variantValue(latin1(variant));
  if (text === '@Invalid()') return null;
  return text;
}

/**
 * A QVariant as QSettings streams it (QDataStream, version Qt 4.0: a 32-bit type id, big-endian data, no
 * null flag). Numbers and booleans are read; any other type is null (Packet Sender stores only `repeat` so).
 */
function variantValue(bytes: Uint8Array): QtIniValue {
  if (bytes.length < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint32(0);
  const size = bytes.length - 4;
  switch (type) {
    case 1: // bool
      return size >= 1 ? bytes[4] !== 0 : null;
    case 2: // int
      return size >= 4 ? view.getInt32(4) : null;
    case 3: // uint
      return size >= 4 ? view.getUint32(4) : null;
    case 4: // qlonglong
      return size >= 8 ? Number(view.getBigInt64(4)) : null;
    case 5: // qulonglong
      return size >= 8 ? Number(view.getBigUint64(4)) : null;
    case 6: // double
      return size >= 8 ? view.getFloat64(4) : null;
    case 135: // float (Qt 4's type id, which QSettings' 4.0 stream keeps)
      return size >= 4 ? view.getFloat32(4) : null;
    default:
      return null;
  }
}

/** Reads the whole file: [groups], key=value lines, ; and # comments, a "\" at a line's end continuing it. */
export function parseQtIni(text: string): QtIniValues {
  const values: QtIniValues = new Map();
  let group = '';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      const end = trimmed.indexOf(']');
      const name = trimmed.slice(1, end < 0 ? undefined : end);
      group = name === 'General' ? '' : unescapeKey(name === '%General' ? 'General' : name);
      continue;
    }
    // An odd number of "\" at the end joins the next line (an escaped line break).
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && n + 1 < lines.length) line = line.slice(0, -1) + lines[++n]!;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = unescapeKey(line.slice(0, eq).trim());
    if (key === '') continue;
    values.set(group === '' ? key : `${group}/${key}`, typedValue(unescapeValue(line.slice(eq + 1))));
  }
  return values;
}
