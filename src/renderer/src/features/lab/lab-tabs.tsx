// The lab's tools, one tab each: an accessible tab list (arrow keys, Home / End move between tabs), the
// tool's tab named like the region it shows. Each tool lives in its own feature folder.
import { useRef, useSyncExternalStore, type ComponentType, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabProps } from './lab-props';
import { labNav, type LabToolId } from './lab-nav';
import { CloseAbortLab } from '../close-abort/close-abort-lab';
import { CopyAsCode } from '../copy-as-code/copy-as-code';
import { Glossary } from '../glossary/glossary';
import { NetworkProblems } from '../network-problems/network-problems';
import { PredictPanel } from '../predict/predict-panel';
import { StateView } from '../tcp-state/state-view';
import { StreamDatagramLab } from '../stream-lab/stream-datagram-lab';

interface LabTool {
  id: LabToolId;
  Tool: ComponentType<LabProps>;
}

const stateTool: LabTool = { id: 'state', Tool: StateView };
const tools: LabTool[] = [
  stateTool,
  { id: 'closeAbort', Tool: CloseAbortLab },
  { id: 'streamDatagram', Tool: StreamDatagramLab },
  { id: 'networkProblems', Tool: NetworkProblems },
  { id: 'predict', Tool: PredictPanel },
  { id: 'copyAsCode', Tool: CopyAsCode },
  { id: 'glossary', Tool: Glossary },
];

export function LabTabs(props: LabProps) {
  const { t } = useTranslation();
  useSyncExternalStore(labNav.subscribe, labNav.getVersion);
  const current = labNav.tool;
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const pick = (id: LabTool['id'], focus = false): void => {
    labNav.show(id);
    if (focus) tabRefs.current.get(id)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = tools.findIndex((tool) => tool.id === current);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tools.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tools[(to + tools.length) % tools.length];
    if (next) pick(next.id, true);
  };
  const active = tools.find((tool) => tool.id === current) ?? stateTool;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        role="tablist"
        aria-label={t('lab.tools')}
        className="flex flex-wrap gap-1 border-b border-slate-200 px-2 py-1 dark:border-slate-700"
        onKeyDown={onKeyDown}
      >
        {tools.map(({ id }) => (
          <button
            key={id}
            ref={(el) => {
              if (el) tabRefs.current.set(id, el);
            }}
            type="button"
            role="tab"
            id={`lab-tab-${id}`}
            aria-selected={id === current}
            aria-controls={`lab-panel-${id}`}
            tabIndex={id === current ? 0 : -1}
            onClick={() => pick(id)}
            className={`rounded px-2 py-0.5 text-xs ${
              id === current
                ? 'bg-sky-700 text-white dark:bg-sky-500 dark:text-slate-950'
                : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
            }`}
          >
            {t(`lab.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`lab-panel-${active.id}`}
        aria-labelledby={`lab-tab-${active.id}`}
        tabIndex={0}
        className="min-h-0 flex-1 overflow-auto p-2 text-sm"
      >
        <active.Tool {...props} />
      </div>
    </div>
  );
}
