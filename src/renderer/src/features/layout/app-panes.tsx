// The window's panes: the sessions sidebar beside the main column, and in the main column the connection
// form above the work area (composer, log...). Each can be resized (drag or arrow keys on its separator)
// and collapsed, and is laid out as the user left it (settings.json, app.layout).
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Panel, usePanelRef } from 'react-resizable-panels';
import { focusTarget } from '../shortcuts/shortcut-targets';
import { workspace } from '../workspace/workspace-store';
import { useKeptPane } from './kept-pane';
import { FoldButton, PaneSeparator } from './pane-controls';
import { formPx, keptPx, labDefaultPx, labPx, separatorPx, sidebarPx, withPane } from './pane-sizes';

const ids = { sidebar: 'sidebar-pane', form: 'form-pane', lab: 'lab-pane' } as const;
export const labPaneId = ids.lab;

interface PanesProps {
  sidebar: ReactNode;
  form: ReactNode;
  work: ReactNode;
  /** The teaching lab: its sequence diagram and tools, beside the main column. */
  lab: ReactNode;
  /** The New form is shown: a folded form pane unfolds when New is pressed (there is nothing else to do). */
  newForm: boolean;
}

export function AppPanes(props: PanesProps) {
  // Laid out once the kept sizes are known: a first layout of defaults would jump when they arrive.
  if (!workspace.started) return <div className="min-h-0 flex-1" />;
  return <Panes {...props} />;
}

function Panes({ sidebar, form, work, lab, newForm }: PanesProps) {
  const { t } = useTranslation();
  const side = useKeptPane('sidebar', sidebarPx.collapsed);
  // Shown only when opened (header button): most sessions are not lessons, and a strip would cost the log.
  const labOpen = workspace.layout.lab?.collapsed === false;
  const labRef = usePanelRef();
  const keepLabSize = (): void => {
    setTimeout(() => {
      const size = labRef.current?.getSize().inPixels;
      if (size !== undefined) workspace.setLayout(withPane(workspace.layout, 'lab', { size: keptPx(size) }));
    }, 0);
  };
  return (
    <Group
      id="app-columns"
      orientation="horizontal"
      className="min-h-0 flex-1"
      onLayoutChanged={(_layout, meta) => {
        if (!meta.isUserInteraction) return;
        side.keepDragged();
        if (labOpen) keepLabSize();
      }}
    >
      <Panel
        id={ids.sidebar}
        panelRef={side.ref}
        collapsible
        collapsedSize={sidebarPx.collapsed}
        minSize={sidebarPx.min}
        maxSize={sidebarPx.max}
        defaultSize={side.kept.collapsed ? sidebarPx.collapsed : (side.kept.size ?? sidebarPx.default)}
        groupResizeBehavior="preserve-pixel-size"
        onResize={side.onResize}
        // A long address (IPv6 with a zone) breaks anywhere rather than pushing the narrow sidebar sideways.
        className="flex flex-col bg-slate-50 wrap-anywhere dark:bg-slate-900"
      >
        {/* Folded, the list stays mounted but hidden: Alt+N still reaches New (it opens the form). */}
        <div className={side.collapsed ? 'hidden' : 'flex min-h-0 flex-1 flex-col'}>{sidebar}</div>
        {side.collapsed ? (
          <div className="flex justify-center pt-2">
            <FoldButton
              side="left"
              collapsed
              label={t('layout.expandSessions')}
              controls={ids.sidebar}
              onClick={() => side.toggle(sidebarPx.default)}
            />
          </div>
        ) : (
          <>
            <div className="flex justify-end border-t border-slate-200 px-2 py-1.5 dark:border-slate-700">
              <FoldButton
                side="left"
                collapsed={false}
                label={t('layout.collapseSessions')}
                controls={ids.sidebar}
                onClick={() => side.toggle(sidebarPx.default)}
              />
            </div>
          </>
        )}
      </Panel>
      <PaneSeparator label={t('layout.resizeSessions')} vertical />
      <Panel id="main-pane" className="flex min-w-0 flex-col">
        <main className="flex min-h-0 min-w-0 flex-1 flex-col">
          <FormAndWork form={form} work={work} newForm={newForm} />
        </main>
      </Panel>
      {labOpen ? (
        <>
          <PaneSeparator label={t('layout.resizeLab')} vertical />
          <Panel
            id={ids.lab}
            panelRef={labRef}
            minSize={labPx.min}
            maxSize={labPx.max}
            defaultSize={workspace.layout.lab?.size ?? labDefaultPx(window.innerWidth)}
            groupResizeBehavior="preserve-pixel-size"
            className="flex min-w-0 flex-col border-l border-slate-200 dark:border-slate-700"
          >
            {lab}
          </Panel>
        </>
      ) : null}
    </Group>
  );
}

/**
 * The connection form above the work area. The form's pane fits the form (Advanced options opened or
 * closed) unless the user made it smaller: then that height is a ceiling, and the form scrolls inside it.
 * Dragged down past the form's own height, it fits the form again.
 */
function FormAndWork({ form, work, newForm }: Pick<PanesProps, 'form' | 'work' | 'newForm'>) {
  const { t } = useTranslation();
  const pane = useKeptPane('form', formPx.collapsed);
  const groupRef = useRef<HTMLDivElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);

  const workRef = useRef<HTMLDivElement | null>(null);

  const contentHeight = (): number => Math.ceil(contentRef.current?.getBoundingClientRect().height ?? 0);
  /** Left to fit, the form also leaves the log its least height (the form scrolls inside instead), so a small
   * window still shows the log; a height the user dragged to is kept while the work area keeps its own least. */
  const fittedRoom = (): number => (groupRef.current?.clientHeight ?? Infinity) - workNeed(workRef.current) - separatorPx;
  const fit = useCallback(() => {
    const panel = pane.ref.current;
    if (!panel || !contentRef.current || panel.isCollapsed()) return;
    const ceiling = workspace.layout.form?.size;
    const room = ceiling === undefined ? fittedRoom() : (groupRef.current?.clientHeight ?? Infinity) - formPx.workMin - separatorPx;
    // Fitted, it never hides its Connect / Disconnect button: the log's rows then scroll with the work area.
    const least = ceiling === undefined ? Math.max(formPx.min, actionBottom(contentRef.current)) : formPx.min;
    const target = Math.max(least, Math.min(contentHeight(), ceiling ?? Infinity, room));
    if (Math.abs(panel.getSize().inPixels - target) > 1) panel.resize(target);
  }, [pane.ref]);

  useEffect(() => {
    // The form grows and shrinks (Advanced options, TLS fields, an error under a field); so does the window, and
    // what the work area holds above the log (a client list, a certificate, a taller message).
    const observer = new ResizeObserver(() => fit());
    if (contentRef.current) observer.observe(contentRef.current);
    if (groupRef.current) observer.observe(groupRef.current);
    const work = workRef.current;
    const watchWork = (): void => {
      if (work) for (const child of work.children) if (!isWorkFill(child)) observer.observe(child);
    };
    watchWork();
    const parts = new MutationObserver(() => {
      watchWork();
      fit();
    });
    if (work) parts.observe(work, { childList: true });
    return () => {
      observer.disconnect();
      parts.disconnect();
    };
  }, [fit, pane.collapsed]);

  // New pressed while the form is folded: it unfolds (not at start-up: a folded form stays as it was left).
  const wasNew = useRef(newForm);
  const protocolWanted = useRef(false);
  const { toggle, ref, collapsed } = pane;
  useEffect(() => {
    if (newForm && !wasNew.current && ref.current?.isCollapsed()) {
      toggle(200);
      protocolWanted.current = true;
    }
    wasNew.current = newForm;
  }, [newForm, toggle, ref]);
  // New asked for Protocol while the form was hidden: it gets it once the form is drawn again.
  useEffect(() => {
    if (collapsed || !protocolWanted.current) return;
    protocolWanted.current = false;
    focusTarget('protocol');
  }, [collapsed]);

  const keepDragged = (): void => {
    // Read once the library has applied the layout it reports (a key press reports before).
    setTimeout(() => {
      const panel = pane.ref.current;
      if (!panel) return;
      if (panel.isCollapsed()) return pane.save({ collapsed: true });
      const size = keptPx(panel.getSize().inPixels);
      // Down to the form's own height or past it, where fitting shows it whole anyway: fitted again (no ceiling kept).
      const fitsAnyway = size >= contentHeight() - 1 && contentHeight() <= fittedRoom();
      pane.save({ collapsed: false, size: fitsAnyway ? undefined : size });
      fit();
    }, 0);
  };

  return (
    <Group
      id="app-rows"
      orientation="vertical"
      className="min-h-0 flex-1"
      elementRef={groupRef}
      onLayoutChanged={(_layout, meta) => {
        if (meta.isUserInteraction) keepDragged();
      }}
    >
      <Panel
        id={ids.form}
        panelRef={pane.ref}
        collapsible
        collapsedSize={formPx.collapsed}
        minSize={formPx.min}
        defaultSize={pane.kept.collapsed ? formPx.collapsed : (pane.kept.size ?? 200)}
        groupResizeBehavior="preserve-pixel-size"
        onResize={pane.onResize}
        className="relative"
      >
        {/* Folded, the form stays mounted but hidden: what was typed is kept, and the connect shortcut still
            reaches its button. Room on the right for the fold button, so no field runs under it. */}
        <div ref={contentRef} className={pane.collapsed ? 'hidden' : '[&>form]:pr-10'}>
          {form}
        </div>
        {pane.collapsed ? (
          <div className="flex h-full items-center px-2">
            <FoldButton side="up" collapsed label={t('layout.expandForm')} controls={ids.form} onClick={() => pane.toggle(200)}>
              {t('layout.expandForm')}
            </FoldButton>
          </div>
        ) : (
          <>
            <FoldButton
              side="up"
              collapsed={false}
              label={t('layout.collapseForm')}
              controls={ids.form}
              onClick={() => pane.toggle(200)}
              className="absolute right-1 top-1"
            />
          </>
        )}
      </Panel>
      <PaneSeparator label={t('layout.resizeForm')} vertical={false} />
      <Panel id="work-pane" minSize={formPx.workMin} className="flex flex-col">
        {/* Positioned: what is placed absolutely inside (a screen-reader-only hint) scrolls with the work area
            instead of stretching the page. */}
        <div ref={workRef} className="relative flex h-full flex-col">
          {work}
        </div>
      </Panel>
    </Group>
  );
}

/** The part of the work area that takes what is left (the log): marked `data-work-fill`; inside it, the part that
 * stretches (the list) is marked `data-work-stretch` and says its least height as its CSS min-height. */
const isWorkFill = (el: Element): boolean => el instanceof HTMLElement && el.dataset.workFill !== undefined;

/** The height the work area needs: what it holds, with the log's list at its least height. */
function workNeed(work: HTMLElement | null): number {
  if (!work) return formPx.workMin;
  let need = 0;
  for (const child of work.children) {
    need += child.getBoundingClientRect().height;
    const stretch = isWorkFill(child) ? child.querySelector('[data-work-stretch]') : null;
    if (stretch) need += (parseFloat(getComputedStyle(stretch).minHeight) || 0) - stretch.getBoundingClientRect().height;
  }
  return Math.max(formPx.workMin, Math.ceil(need));
}

/** How far down the form its action row (Connect / Disconnect) ends, with the form's bottom padding. */
function actionBottom(content: HTMLElement | null): number {
  const action = content?.querySelector('[data-form-action]');
  if (!content || !action) return 0;
  return Math.ceil(action.getBoundingClientRect().bottom - content.getBoundingClientRect().top) + 12;
}
