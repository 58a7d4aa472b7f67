// The list of keyboard shortcuts (? or the header's button): a modal dialog, closed with Esc or its
// button, giving focus back to where it was.
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../lib/ui';
import { shortcuts } from './use-shortcuts';

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const closeId = useId();
  const focusClose = (): void => document.getElementById(closeId)?.focus();
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.getElementById(closeId)?.focus();
    return () => before?.focus();
  }, [closeId]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/40" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="w-96 max-w-[90vw] rounded-lg border border-slate-300 bg-white p-4 shadow-xl dark:border-slate-600 dark:bg-slate-900"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          } else if (e.key === 'Tab') {
            // One control inside: focus stays on it while the dialog is open.
            e.preventDefault();
            focusClose();
          }
        }}
      >
        <h2 id={titleId} className="mb-3 text-base font-semibold">
          {t('shortcuts.title')}
        </h2>
        <table className="w-full text-sm">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.does} className="border-t border-slate-200 dark:border-slate-700">
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <kbd className="rounded border border-slate-300 bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                    {s.keys}
                  </kbd>
                </td>
                <td className="py-1.5">{t(s.label ?? `shortcuts.${s.does}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3 flex justify-end">
          <Button id={closeId} onClick={onClose}>
            {t('shortcuts.close')}
          </Button>
        </div>
      </div>
    </div>
  );
}
