// The lab's "Copy as code": the selected session's log turned into a runnable Python, Node or C script by the
// same generator as `socket-lab codegen`, what it cannot promise said above it, with Copy and Download.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../lib/download';
import { codegenLanguages, generateCode, type CodegenLanguage } from '../../../../shared/codegen';
import type { SessionInfo } from '../../../../shared/contract';
import { useSay } from '../../lib/problem-text';
import { Button, SelectField } from '../../lib/ui';
import type { LabProps } from '../lab/lab-props';
import { codeExtensions, codeNotes } from './code-notes';
import { useSessionNdjson } from './use-session-ndjson';

const runCommand: Record<CodegenLanguage, (file: string) => string> = {
  python: (file) => `python3 ${file} [HOST PORT]`,
  node: (file) => `node ${file} [HOST PORT]`,
  c: (file) => `cc -Wall -o ${file.replace(/\.c$/, '')} ${file} && ./${file.replace(/\.c$/, '')} [HOST PORT]`,
};

const fileNameOf = (session: SessionInfo, language: CodegenLanguage): string => `${session.kind}-${session.id}.${codeExtensions[language]}`;

export function CopyAsCode({ session, log }: LabProps) {
  const { t } = useTranslation();
  // Kept across sessions: a class that works in C stays in C.
  const [language, setLanguage] = useState<CodegenLanguage>('python');
  if (!session) return <p className="text-slate-600 dark:text-slate-300">{t('lab.noSession')}</p>;
  return <SessionCode key={session.id} session={session} total={log?.total ?? 0} language={language} setLanguage={setLanguage} />;
}

interface SessionCodeProps {
  session: SessionInfo;
  total: number;
  language: CodegenLanguage;
  setLanguage: (language: CodegenLanguage) => void;
}

function SessionCode({ session, total, language, setLanguage }: SessionCodeProps) {
  const { t } = useTranslation();
  const say = useSay();
  const [copyNote, setCopyNote] = useState<{ ok: boolean; text: string } | null>(null);
  const codeRef = useRef<HTMLTextAreaElement>(null);
  const { state, refresh } = useSessionNdjson(session.id, total);

  const text = state.kind === 'ready' ? state.value.text : null;
  const generated = useMemo(() => (text === null ? null : generateCode(language, text, `"${session.id}"`)), [language, text, session.id]);
  // "Copied" is said for a moment; a refusal stays until the next try.
  useEffect(() => {
    if (!copyNote?.ok) return;
    const timer = setTimeout(() => setCopyNote(null), 3000);
    return () => clearTimeout(timer);
  }, [copyNote]);
  const fileName = fileNameOf(session, language);

  async function copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      setCopyNote({ ok: true, text: t('copyAsCode.copied') });
    } catch {
      // Refused (no permission, an insecure page): the code is selected so Ctrl+C takes it.
      codeRef.current?.focus();
      codeRef.current?.select();
      setCopyNote({ ok: false, text: t('copyAsCode.copyRefused') });
    }
  }

  let body;
  if (state.kind === 'loading') body = <p className="text-slate-600 dark:text-slate-300">{t('copyAsCode.loading')}</p>;
  else if (state.kind === 'error') body = <p className="text-red-700 dark:text-red-300">{say(state.error)}</p>;
  else if (generated && !generated.ok) {
    const { problem } = generated;
    const text =
      problem.key === 'codegenEmpty'
        ? t('copyAsCode.empty')
        : problem.key === 'codegenKindUnsupported'
          ? t('copyAsCode.unsupportedKind', { kind: t(`kind.${session.kind}`) })
          : problem.key === 'codegenFramed'
            ? t('copyAsCode.framed', { framing: problem.params?.framing ?? '' })
            : say(problem);
    body = <p className="text-slate-700 dark:text-slate-200">{text}</p>;
  } else if (generated?.ok && state.kind === 'ready') {
    const notes = codeNotes(generated.script, language, state.value.truncated ? { rows: state.value.rows } : null);
    body = (
      <>
        <section
          aria-label={t('copyAsCode.notes')}
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 dark:border-amber-700 dark:bg-amber-950"
        >
          <ul className="list-disc pl-4 text-xs text-amber-950 dark:text-amber-100">
            {notes.map((note) => (
              <li key={note.key}>{t(`copyAsCode.note.${note.key}`, note.params ?? {})}</li>
            ))}
          </ul>
        </section>
        <textarea
          ref={codeRef}
          readOnly
          wrap="off"
          spellCheck={false}
          aria-label={t('copyAsCode.code')}
          value={generated.code}
          className="min-h-48 w-full flex-1 resize-none rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs leading-5 text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
        />
        <div className="flex flex-wrap items-center gap-2">
          <Button tone="primary" onClick={() => void copy(generated.code)}>
            {t('copyAsCode.copy')}
          </Button>
          <Button onClick={() => download(new Blob([generated.code], { type: 'text/plain' }), fileName)}>{t('copyAsCode.download')}</Button>
          {copyNote ? (
            <span
              role="status"
              className={`text-xs ${copyNote.ok ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}`}
            >
              {copyNote.text}
            </span>
          ) : null}
        </div>
        <p className="text-xs break-all text-slate-600 dark:text-slate-400">
          {t('copyAsCode.rows', { count: state.value.rows })} {t('copyAsCode.run', { command: runCommand[language](fileName) })}
        </p>
      </>
    );
  }

  return (
    <div className="flex h-full min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          label={t('copyAsCode.language')}
          value={language}
          onChange={(e) => {
            setLanguage(e.target.value as CodegenLanguage);
            setCopyNote(null);
          }}
          className="w-40"
        >
          {codegenLanguages.map((l) => (
            <option key={l} value={l}>
              {t(`copyAsCode.languages.${l}`)}
            </option>
          ))}
        </SelectField>
        <Button onClick={refresh}>{t('copyAsCode.refresh')}</Button>
      </div>
      {body}
    </div>
  );
}
