// What a generated script cannot promise, said above its code: a byte stream's reads, lost datagrams, a log
// that already let go of its first rows, POSIX-only C (pure: keys and params the panel words).
import type { CodegenLanguage, SessionScript } from '../../../../shared/codegen';

export interface CodeNote {
  key: 'stream' | 'datagram' | 'truncated' | 'posix' | 'server' | 'manyConnections';
  params?: Record<string, string | number>;
}

/** File extensions of the downloads (the Node script uses require(): CommonJS, run as `node NAME.js`). */
export const codeExtensions: Record<CodegenLanguage, string> = { python: 'py', node: 'js', c: 'c' };

export function codeNotes(script: SessionScript, language: CodegenLanguage, truncated: { rows: number } | null): CodeNote[] {
  const notes: CodeNote[] = [];
  notes.push({ key: script.kind.startsWith('tcp') ? 'stream' : 'datagram' });
  if (script.kind.endsWith('server')) notes.push({ key: 'server' });
  if (script.kind === 'tcp-server' && script.conversations.length > 1)
    notes.push({ key: 'manyConnections', params: { count: script.conversations.length } });
  if (truncated) notes.push({ key: 'truncated', params: { rows: truncated.rows } });
  if (language === 'c') notes.push({ key: 'posix' });
  return notes;
}
