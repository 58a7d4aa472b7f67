import { describe, expect, it } from 'vitest';
import { encodingNamed, textEncodings } from '../../src/shared/encodings';
import { decodeVisible, encodeIn } from '../../src/main/engine/text/encoding';

const bytesOf = (hexText: string): Uint8Array => Uint8Array.from(hexText.split(' ').filter(Boolean), (h) => parseInt(h, 16));
const encoded = (text: string, encoding: Parameters<typeof encodeIn>[1]): Uint8Array => {
  const result = encodeIn(text, encoding);
  if (!result.ok) throw new Error(`cannot encode ${text} in ${encoding}`);
  return result.bytes;
};

describe('text in a session encoding', () => {
  it('writes Korean, Japanese and Chinese as their national encodings do', () => {
    expect(encoded('안녕하세요', 'euc-kr')).toEqual(bytesOf('be c8 b3 e7 c7 cf bc bc bf e4'));
    expect(encoded('안녕하세요', 'cp949')).toEqual(bytesOf('be c8 b3 e7 c7 cf bc bc bf e4'));
    expect(encoded('똠', 'cp949')).toEqual(bytesOf('8c 63'));
    expect(encoded('こんにちは', 'shift_jis')).toEqual(bytesOf('82 b1 82 f1 82 c9 82 bf 82 cd'));
    expect(encoded('你好', 'gbk')).toEqual(bytesOf('c4 e3 ba c3'));
    expect(encoded('hé', 'iso-8859-1')).toEqual(bytesOf('68 e9'));
    expect(encoded('hi', 'utf-16le')).toEqual(bytesOf('68 00 69 00'));
    expect(encoded('hi', 'utf-16be')).toEqual(bytesOf('00 68 00 69'));
  });

  it('round-trips sample text in every encoding that can write it', () => {
    const samples: Record<string, string[]> = {
      'utf-8': ['안녕하세요 똠', 'こんにちは', '你好 😀'],
      'utf-16le': ['안녕하세요 똠', '你好 😀'],
      'utf-16be': ['안녕하세요 똠', 'こんにちは 😀'],
      'iso-8859-1': ['Grüße, café'],
      ascii: ['plain text ~!'],
      'euc-kr': ['안녕하세요', '한글 ABC'],
      cp949: ['안녕하세요', '똠방각하'],
      shift_jis: ['こんにちは 日本語'],
      gbk: ['你好 中文'],
    };
    for (const encoding of textEncodings)
      for (const text of samples[encoding]!) expect(decodeVisible(encoded(text, encoding), encoding), `${encoding}: ${text}`).toBe(text);
  });

  it('refuses a character the encoding cannot write, naming it and its position', () => {
    const refused = (text: string, encoding: Parameters<typeof encodeIn>[1]) => {
      const result = encodeIn(text, encoding);
      if (result.ok) throw new Error('expected a refusal');
      return result.problem;
    };
    // 똠 is CP949's extension: EUC-KR (KS X 1001) has no code for it.
    expect(refused('안녕 똠', 'euc-kr')).toEqual({ key: 'encodingCannotEncode', params: { char: '똠', position: 4, encoding: 'EUC-KR' } });
    expect(refused('café', 'ascii')).toMatchObject({ params: { char: 'é', position: 4, encoding: 'ASCII' } });
    expect(refused('a한', 'iso-8859-1')).toMatchObject({ params: { char: '한', position: 2 } });
    // A literal '?' is not mistaken for the library's stand-in for a missing character.
    expect(encodeIn('why?', 'ascii').ok).toBe(true);
  });

  it('shows bytes that do not decode as \\xHH, one per byte, and keeps the rest', () => {
    expect(decodeVisible(bytesOf('41 ff 42'), 'ascii')).toBe('A\\xFFB');
    expect(decodeVisible(bytesOf('be c8 ff b3 e7'), 'cp949')).toBe('안\\xFF녕');
    // A lead byte cut at the end of the payload.
    expect(decodeVisible(bytesOf('be c8 be'), 'euc-kr')).toBe('안\\xBE');
    // CP949's extension is not EUC-KR: shown as bytes there, as a syllable in CP949.
    expect(decodeVisible(bytesOf('8c 63'), 'euc-kr')).toBe('\\x8Cc');
    expect(decodeVisible(bytesOf('8c 63'), 'cp949')).toBe('똠');
    expect(decodeVisible(bytesOf('41 00 42'), 'utf-16le')).toBe('A\\x42');
    expect(decodeVisible(bytesOf('00 d8 41 00'), 'utf-16le')).toBe('\\x00\\xD8A');
    // Korean sent in CP949 and read as UTF-8: every byte visible (C8 B3 happens to be UTF-8 for ȳ).
    expect(decodeVisible(encoded('안녕', 'cp949'), 'utf-8')).toBe('\\xBEȳ\\xE7');
  });

  it('a real U+FFFD in the text is shown as itself', () => {
    expect(decodeVisible(encoded('a\ufffdb', 'utf-16le'), 'utf-16le')).toBe('a\ufffdb');
  });

  it('keeps \\r \\n \\t \\0 and \\\\ escaped as the log does for UTF-8', () => {
    expect(decodeVisible(encoded('안\r\n\t\0\\', 'cp949'), 'cp949')).toBe('안\\r\\n\\t\\0\\\\');
    expect(decodeVisible(bytesOf('00 41 00 0d 00 0a 00 00'), 'utf-16be')).toBe('A\\r\\n\\0');
    expect(decodeVisible(bytesOf('85 41'), 'iso-8859-1')).toBe('\\x85A');
  });

  it('names an encoding however it is typed, and nothing else', () => {
    expect(encodingNamed('CP949')).toBe('cp949');
    expect(encodingNamed('Shift-JIS')).toBe('shift_jis');
    expect(encodingNamed('EUC-KR')).toBe('euc-kr');
    expect(encodingNamed('latin9')).toBeNull();
  });
});
