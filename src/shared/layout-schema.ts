// The window's pane sizes as kept in settings.json (app.layout): each resizable pane's size in pixels and
// whether it is collapsed. Loose like the rest of the file: a field a newer version writes is kept.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';

/** The panes the user can resize and collapse. */
export const layoutPanes = ['sidebar', 'details', 'form', 'lab'] as const;
export type LayoutPane = (typeof layoutPanes)[number];

/** Far beyond any screen: a size past it is a damaged file, not a wish. */
export const maxPaneSize = 10_000;

const paneSettings = lazySchema(() =>
  z.looseObject({
    /** Pixels: the sidebar's, the details' and the lab's width; the connection form's height (absent: fitted to the form). */
    size: z.optional(z.number().check(z.minimum(0), z.maximum(maxPaneSize))),
    collapsed: z.optional(z.boolean()),
  }),
);
export type PaneSettings = z.output<ReturnType<typeof paneSettings>>;

export const layoutSettings = lazySchema(() =>
  z.looseObject({
    sidebar: z.optional(paneSettings()),
    details: z.optional(paneSettings()),
    form: z.optional(paneSettings()),
    lab: z.optional(paneSettings()),
  }),
);
export type LayoutSettings = z.output<ReturnType<typeof layoutSettings>>;
