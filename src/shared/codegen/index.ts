// "Copy as code": a recorded NDJSON session to a runnable Python, Node or C script (pure: the CLI and the window share it).
import { cScript } from './c';
import { nodeScript } from './node';
import { pythonScript } from './python';
import { readSessionScript, type ScriptResult, type SessionScript } from './session-script';
import type { Problem } from '../problems';

export const codegenLanguages = ['python', 'node', 'c'] as const;
export type CodegenLanguage = (typeof codegenLanguages)[number];

const writers: Record<CodegenLanguage, (script: SessionScript) => string> = { python: pythonScript, node: nodeScript, c: cScript };

export type CodegenResult = { ok: true; code: string; script: SessionScript } | { ok: false; problem: Problem };

/** The script for the session in `ndjson`, or the problem that keeps it from being written; `file` names it in problems. */
export function generateCode(language: CodegenLanguage, ndjson: string, file: string): CodegenResult {
  const read: ScriptResult = readSessionScript(ndjson, file);
  if (!read.ok) return read;
  return { ok: true, code: writers[language](read.script), script: read.script };
}

export { readSessionScript };
export type { SessionScript };
