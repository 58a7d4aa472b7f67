// The composer's state per session, kept by the workspace: a composer starts from it when shown again
// (switching sessions, a reload, a restart) and tells it every change.
import { workspace, type ComposerMemory } from './workspace-store';

const blank: ComposerMemory = { format: 'text', lineEnding: 'none', draft: '', history: [], target: 'all', destHost: '', destPort: '' };

/** A copy of what the session's composer was left with (the clean state for a session no entry shows). */
export function composerMemoryOf(sessionId: string): ComposerMemory {
  const kept = workspace.entryOfSession(sessionId)?.composer ?? blank;
  return { ...kept, history: [...kept.history] };
}

export function rememberComposer(sessionId: string, patch: Partial<ComposerMemory>): void {
  const entry = workspace.entryOfSession(sessionId);
  if (entry) workspace.setComposer(entry.id, patch);
}
