// The log's list beside the entry details: the details can be resized and collapsed (kept in
// settings.json), and never take the width the list needs to show a readable payload column.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Panel } from 'react-resizable-panels';
import { useKeptPane } from './kept-pane';
import { FoldButton, PaneSeparator } from './pane-controls';
import { detailsFit, detailsMaxPx, detailsPx, logListMinPx } from './pane-sizes';

const detailsId = 'details-pane';

/** `details`: given the fold button to put in its header; null while no entry is picked. */
export function LogPanes({ list, details }: { list: ReactNode; details: ((fold: ReactNode) => ReactNode) | null }) {
  const { t } = useTranslation();
  const pane = useKeptPane('details', detailsPx.collapsed);
  const groupRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = groupRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // No room beside the list (a narrow window): the details fold to their strip rather than cut the payload.
  const fits = width === 0 || detailsFit(width);
  // The log narrowed under open details: they fold. Only on that change: details that appear in a log already
  // too narrow start folded (their defaultSize), and a panel the group has not laid out yet cannot be asked to
  // collapse (the library throws, and the window would go blank).
  const fitted = useRef(fits);
  const hasDetails = details !== null;
  useEffect(() => {
    const narrowed = fitted.current && !fits;
    fitted.current = fits;
    if (narrowed && hasDetails) pane.ref.current?.collapse();
  }, [fits, hasDetails, pane.ref]);

  const fold = (
    <FoldButton
      side="right"
      collapsed={pane.collapsed}
      label={pane.collapsed ? t('layout.expandDetails') : t('layout.collapseDetails')}
      controls={detailsId}
      disabled={!fits}
      onClick={() => pane.toggle(detailsPx.default)}
    />
  );
  return (
    <Group
      id="log-columns"
      orientation="horizontal"
      className="min-h-0 flex-1"
      elementRef={groupRef}
      onLayoutChanged={(_layout, meta) => {
        if (meta.isUserInteraction) pane.keepDragged();
      }}
    >
      <Panel id="log-list-pane" minSize={logListMinPx} className="flex">
        {list}
      </Panel>
      {details ? (
        <>
          <PaneSeparator label={t('layout.resizeDetails')} vertical />
          <Panel
            id={detailsId}
            panelRef={pane.ref}
            collapsible
            collapsedSize={detailsPx.collapsed}
            minSize={detailsPx.min}
            maxSize={width === 0 ? undefined : detailsMaxPx(width)}
            defaultSize={pane.kept.collapsed || !fits ? detailsPx.collapsed : (pane.kept.size ?? detailsPx.default)}
            groupResizeBehavior="preserve-pixel-size"
            onResize={pane.onResize}
            className="flex flex-col"
          >
            {pane.collapsed ? <div className="flex justify-center pt-2">{fold}</div> : details(fold)}
          </Panel>
        </>
      ) : null}
    </Group>
  );
}
