// The kept pane sizes (app.layout in settings.json, src/shared/layout-schema.ts): read back as written,
// optional, fields of a newer version kept, nonsense refused like any damaged settings file; and the
// renderer's pane limits (features/layout/pane-sizes.ts) leave the payload column its room.
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/main/settings/settings-store';
import { settingsFileText, settingsSchema } from '../../src/shared/settings-schema';
import {
  detailsFit,
  detailsMaxPx,
  detailsPx,
  logListMinPx,
  separatorPx,
  sidebarPx,
  withPane,
} from '../../src/renderer/src/features/layout/pane-sizes';

describe('the kept layout', () => {
  it('is optional: a file without it reads as before', () => {
    expect(settingsSchema().parse({}).app.layout).toBeUndefined();
  });

  it('reads back what it wrote, and keeps what a newer version added', () => {
    const settings = settingsSchema().parse({
      app: {
        layout: {
          sidebar: { size: 260, collapsed: false },
          details: { size: 300, collapsed: true },
          form: { collapsed: false, snap: 'top' },
          bottomPanel: { size: 120 },
        },
      },
    });
    expect(parseSettings(settingsFileText(settings))).toEqual(settings);
    expect(settings.app.layout).toMatchObject({ form: { snap: 'top' }, bottomPanel: { size: 120 } });
  });

  it('refuses sizes that are not sizes', () => {
    for (const size of [-1, 1e9, '260px', null])
      expect(parseSettings(JSON.stringify({ app: { layout: { sidebar: { size } } } })), String(size)).toBeNull();
    expect(parseSettings(JSON.stringify({ app: { layout: { details: { collapsed: 'yes' } } } }))).toBeNull();
  });

  it('changes one pane and leaves the others; no size means the default (the form: fitted)', () => {
    const layout = withPane({ sidebar: { size: 200 }, form: { size: 150 } }, 'form', { size: undefined, collapsed: true });
    expect(layout).toEqual({ sidebar: { size: 200 }, form: { collapsed: true } });
  });
});

describe('the pane limits', () => {
  it('leave the list its minimum beside the widest sidebar and the narrowest details at 1024 px', () => {
    const main = 1024 - sidebarPx.max - separatorPx;
    expect(detailsFit(main)).toBe(true);
    expect(main - detailsMaxPx(main) - separatorPx).toBeGreaterThanOrEqual(logListMinPx);
  });

  it('fold the details in a log too narrow for both', () => {
    expect(detailsFit(logListMinPx + separatorPx + detailsPx.min - 1)).toBe(false);
    expect(detailsFit(logListMinPx + separatorPx + detailsPx.min)).toBe(true);
  });
});
