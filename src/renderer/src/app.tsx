import { useCallback, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { engineLink } from './api';
import { RecordToFile } from './features/capture/record-to-file';
import { Composer } from './features/composer/composer';
import { ConnectionForm } from './features/connection-form/connection-form';
import { MessageLog } from './features/message-log/message-log';
import { FirstTimeCallout } from './features/first-time/first-time-callout';
import { GroupPanel } from './features/multicast/group-panel';
import { RateChart } from './features/rate/rate-chart';
import { ClientList } from './features/server-clients/client-list';
import { SessionList } from './features/sessions/session-list';
import { StatusBar } from './features/status-bar/status-bar';
import { TrafficGenerator } from './features/traffic-generator/traffic-generator';
import { store } from './state/app-store';
import { roleOf } from '../../shared/kinds';
import { CertificateView } from './features/tls/certificate-view';
import { ShortcutSheet } from './features/shortcuts/shortcut-sheet';
import { useShortcuts } from './features/shortcuts/use-shortcuts';
import { formLinkFor } from './features/workspace/form-link';
import { HeaderControls } from './features/workspace/header-controls';
import { SettingsNotice } from './features/workspace/settings-notice';
import { workspace } from './features/workspace/workspace-store';
import { AppPanes } from './features/layout/app-panes';
import { LabPane } from './features/lab/lab-pane';
import { LabToggle } from './features/lab/lab-toggle';
import { WorkspaceFileButtons, WorkspaceFileNotice } from './features/workspace-file/workspace-file-controls';

export function App() {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(store.subscribe, store.getVersion);
  const link = useSyncExternalStore(engineLink.subscribe, () => engineLink.status);
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  const sessions = store.order.map((id) => store.sessions.get(id)!).filter(Boolean);
  // The sidebar shows the workspace's entries; the one selected shows its session, if it has one now.
  const entry = workspace.entry(workspace.selected);
  const selected = entry?.sessionId ? (store.sessions.get(entry.sessionId) ?? null) : null;
  const log = selected ? store.logs.get(selected.id) : undefined;
  const [sheetOpen, setSheetOpen] = useState(false);
  const openSheet = useCallback(() => setSheetOpen(true), [setSheetOpen]);
  useShortcuts(openSheet);

  return (
    <div className="flex h-screen flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex items-center gap-3 border-b border-slate-200 px-3 py-1.5 dark:border-slate-700">
        <h1 className="whitespace-nowrap text-base font-bold">{t('app.title')}</h1>
        {/* The tagline gives way first when the header is crowded (a 1024 px window). */}
        <span className="hidden text-xs text-slate-500 xl:inline dark:text-slate-400">{t('app.tagline')}</span>
        <button
          type="button"
          className="ml-auto rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          aria-keyshortcuts="Shift+?"
          onClick={openSheet}
        >
          {t('shortcuts.open')}
        </button>
        <LabToggle />
        <WorkspaceFileButtons />
        <HeaderControls />
        <label className="flex items-center gap-1 text-xs">
          {t('app.language')}
          <select
            className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-600"
            value={i18n.resolvedLanguage}
            onChange={(e) => void i18n.changeLanguage(e.target.value)}
          >
            <option value="en">English</option>
            <option value="ko">한국어</option>
          </select>
        </label>
      </header>
      <SettingsNotice />
      <WorkspaceFileNotice />
      <AppPanes
        sidebar={<SessionList entries={workspace.entries} selected={workspace.selected} />}
        newForm={entry === null}
        lab={<LabPane session={selected} log={log} />}
        form={<ConnectionForm key={entry?.formKey ?? workspace.newFormKey} session={selected} link={formLinkFor(entry?.id ?? null)} />}
        work={
          selected && log ? (
            <>
              {roleOf(selected.kind) === 'server' ? <ClientList session={selected} /> : null}
              <CertificateView session={selected} />
              {selected.kind === 'udp' && selected.state === 'open' ? (
                <GroupPanel key={`groups-${selected.id}`} session={selected} />
              ) : null}
              <Composer key={selected.id} session={selected} />
              <TrafficGenerator session={selected} />
              {/* Narrow (the lab open beside), Record to file goes under the rate rather than squeeze it. */}
              <div className="flex flex-wrap gap-x-4 gap-y-2 border-b border-slate-200 px-3 py-2 dark:border-slate-700">
                <RateChart sessionId={selected.id} />
                <RecordToFile key={selected.id} session={selected} />
              </div>
              <FirstTimeCallout />
              <MessageLog session={selected} log={log} />
            </>
          ) : (
            <div className="p-6 text-sm text-slate-600 dark:text-slate-300">
              <p className="font-semibold">{t('welcome.title')}</p>
              <ul className="mt-2 list-disc space-y-1 pl-5">
                <li>{t('welcome.client')}</li>
                <li>{t('welcome.server')}</li>
                <li>{t('welcome.udp')}</li>
              </ul>
            </div>
          )
        }
      />
      <StatusBar sessions={sessions} link={link} />
      {sheetOpen ? <ShortcutSheet onClose={() => setSheetOpen(false)} /> : null}
    </div>
  );
}
