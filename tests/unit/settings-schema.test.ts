// The kept settings' schema: defaults, a round trip through the file's text, fields of a newer version kept, bad shapes refused.
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/main/settings/settings-store';
import { defaultSettings, settingsFileText, settingsSchema } from '../../src/shared/settings-schema';

describe('the settings schema', () => {
  it('gives every default from an empty object: system theme, restore on, no sessions', () => {
    expect(defaultSettings()).toEqual({
      version: 1,
      app: { theme: 'system', restoreWorkspace: true, recentTargets: [] },
      sessions: [],
      nextId: 1,
    });
  });

  it('reads back exactly what it wrote', () => {
    const settings = settingsSchema().parse({
      app: { language: 'ko', theme: 'dark', restoreWorkspace: false, recentTargets: ['127.0.0.1:9100'] },
      sessions: [
        {
          id: 3,
          name: 'Line server',
          form: { kind: 'tcp-client', host: '127.0.0.1', port: '9100' },
          composer: { format: 'escaped', lineEnding: 'crlf', draft: 'HELO', history: ['PING', 'QUIT'], destHost: '', destPort: '' },
        },
      ],
      nextId: 4,
    });
    expect(parseSettings(settingsFileText(settings))).toEqual(settings);
  });

  it('keeps fields it does not know, at every level, for the newer version that wrote them', () => {
    const parsed = parseSettings(
      JSON.stringify({
        version: 2,
        future: { a: 1 },
        app: { theme: 'light', accent: 'teal' },
        sessions: [{ id: 1, pinned: true, composer: { macro: 'x' } }],
      }),
    );
    expect(parsed).not.toBeNull();
    expect(parsed).toMatchObject({
      version: 2,
      future: { a: 1 },
      app: { accent: 'teal' },
      sessions: [{ pinned: true, composer: { macro: 'x' } }],
    });
    expect(JSON.parse(settingsFileText(parsed))).toMatchObject({ future: { a: 1 } });
  });

  it('refuses text that is not JSON, and JSON that is not settings', () => {
    expect(parseSettings('{"app": ')).toBeNull();
    expect(parseSettings('[]')).toBeNull();
    expect(parseSettings(JSON.stringify({ app: { theme: 'neon' } }))).toBeNull();
    expect(parseSettings(JSON.stringify({ sessions: [{ id: 0 }] }))).toBeNull();
    expect(parseSettings(JSON.stringify({ sessions: [{ id: 1, composer: { lineEnding: 'cr lf' } }] }))).toBeNull();
  });

  it('keeps saved messages checked as a workspace file checks its collections', () => {
    const savedMessages = {
      current: 'Lab',
      collections: [{ name: 'Lab', messages: [{ name: 'hi', payload: { format: 'hex', text: '68 69' }, lineEnding: 'crlf' }] }],
    };
    const parsed = parseSettings(JSON.stringify({ savedMessages }));
    expect(parsed?.savedMessages).toEqual(savedMessages);
    const bad = settingsSchema().safeParse({
      savedMessages: { collections: [{ name: 'Lab', messages: [{ name: 'x', payload: { format: 'hex', text: 'zz' } }] }] },
    });
    expect(bad.success).toBe(false);
  });
});
