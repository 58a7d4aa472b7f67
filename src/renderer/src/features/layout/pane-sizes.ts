// How big each pane may be, in pixels, and why: the log's payload column keeps a readable width at
// every size the panes allow, and the window stays usable at 1024x640 (Electron's smallest is 900x560).
import type { LayoutPane, LayoutSettings, PaneSettings } from '../../../../shared/layout-schema';

/** A separator's width (or height): its hit area is larger (the library's minimum target). */
export const separatorPx = 6;

export const sidebarPx = { default: 224, min: 176, max: 288, collapsed: 40 } as const;
/** The teaching lab beside the main column, while it is open (closed, it takes no room at all). */
export const labPx = { default: 440, min: 320, max: 760 } as const;
/** The lab's first width: a third of a small window at most, so the work area keeps room beside it. */
export const labDefaultPx = (windowWidth: number): number => Math.round(Math.min(labPx.default, Math.max(labPx.min, windowWidth * 0.34)));
export const detailsPx = { default: 360, min: 208, collapsed: 40 } as const;
/** The connection form's height: fitted to the form (and to the log's least height below) until the user sets one;
 * the work area keeps `workMin` whatever the user drags. */
export const formPx = { min: 72, collapsed: 36, workMin: 240 } as const;

/**
 * The log's list beside the details: time (6rem), direction (3rem), peer at its smallest (3rem), size
 * (4.5rem), the payload's 160 px, the gaps and padding, and a vertical scroll bar. Below this the payload
 * column would be cut; the sidebar's largest size leaves room for this and the details' smallest at 1024 px.
 */
export const logListMinPx = 96 + 48 + 48 + 72 + 160 + 4 * 8 + 16 + 16;

/** The widest the details may be in a log this wide: whatever keeps the list at its minimum. */
export const detailsMaxPx = (logWidth: number): number => Math.max(detailsPx.min, logWidth - logListMinPx - separatorPx);

/** Whether the details fit beside the list at all (a narrow window: they stay collapsed to a strip). */
export const detailsFit = (logWidth: number): boolean => logWidth - logListMinPx - separatorPx >= detailsPx.min;

/** A pane's kept settings with a change applied; the other panes' stay as they were. */
export const withPane = (layout: LayoutSettings, pane: LayoutPane, patch: PaneSettings): LayoutSettings => {
  const next: PaneSettings = { ...layout[pane], ...patch };
  // An absent size means "the default" (the form: fitted): undefined is not written.
  if (next.size === undefined) delete next.size;
  return { ...layout, [pane]: next };
};

/** A size as kept: whole pixels. */
export const keptPx = (px: number): number => Math.round(px);
