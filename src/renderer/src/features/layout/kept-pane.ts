// One pane's kept size and collapsed state (workspace.layout, saved in settings.json), and its handle.
import { useCallback, useState } from 'react';
import { usePanelRef } from 'react-resizable-panels';
import type { LayoutPane, PaneSettings } from '../../../../shared/layout-schema';
import { workspace } from '../workspace/workspace-store';
import { keptPx, withPane } from './pane-sizes';

export function useKeptPane(pane: LayoutPane, collapsedPx: number) {
  const ref = usePanelRef();
  // Read once, at mount: the panes are laid out after the settings are read (app-panes.tsx waits).
  const [kept] = useState<PaneSettings>(() => workspace.layout[pane] ?? {});
  const [collapsed, setCollapsed] = useState(kept.collapsed ?? false);
  const save = useCallback((patch: PaneSettings) => workspace.setLayout(withPane(workspace.layout, pane, patch)), [pane]);
  /** The library's size report: collapsed is "at the collapsed size". */
  const onResize = useCallback((size: { inPixels: number }) => setCollapsed(size.inPixels <= collapsedPx + 0.5), [collapsedPx]);
  /** After the user dragged or used the keys: the size in whole pixels, or collapsed. */
  const keepDragged = useCallback(() => {
    // Read once the library has applied the layout it reports (a key press reports before).
    setTimeout(() => {
      const panel = ref.current;
      if (!panel) return;
      if (panel.isCollapsed()) save({ collapsed: true });
      else save({ collapsed: false, size: keptPx(panel.getSize().inPixels) });
    }, 0);
  }, [ref, save]);
  /** The button: collapse, or expand back to the kept size (or `fallback`). */
  const toggle = useCallback(
    (fallback: number) => {
      const panel = ref.current;
      if (!panel) return;
      if (panel.isCollapsed()) {
        panel.resize(workspace.layout[pane]?.size ?? fallback);
        save({ collapsed: false });
      } else {
        panel.collapse();
        save({ collapsed: true });
      }
    },
    [ref, pane, save],
  );
  return { ref, kept, collapsed, onResize, keepDragged, toggle, save };
}
