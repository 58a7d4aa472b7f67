// JSON that keeps Uint8Array payloads, for the WebSocket bridge (Electron IPC clones them natively).
// Bytes travel as { "$bytes": "<base64>" }.

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
};

const fromBase64 = (text: string): Uint8Array => {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
};

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && '$bytes' in v && typeof v.$bytes === 'string' && Object.keys(v).length === 1) {
      return fromBase64(v.$bytes);
    }
    return v;
  });
}

/** Messages of the bridge: a request, its answer, or a pushed update. */
export type WireMessage =
  | { kind: 'request'; id: number; command: string; payload: unknown }
  | { kind: 'response'; id: number; result: unknown }
  | { kind: 'update'; batch: unknown };
