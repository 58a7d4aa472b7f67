import { describe, expect, it } from 'vitest';
import { isTrustedFrameUrl } from '../../src/main/ipc/trusted-sender';

describe('which frames may call IPC commands', () => {
  it('trusts the bundled window only', () => {
    expect(isTrustedFrameUrl('file:///opt/socket-lab/out/renderer/index.html', undefined)).toBe(true);
    expect(isTrustedFrameUrl('file:///tmp/evil.html', undefined)).toBe(false);
    expect(isTrustedFrameUrl('https://example.com/', undefined)).toBe(false);
    expect(isTrustedFrameUrl('not a url', undefined)).toBe(false);
    expect(isTrustedFrameUrl('', undefined)).toBe(false);
  });

  it('trusts the dev server only on loopback and only its own origin', () => {
    expect(isTrustedFrameUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedFrameUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedFrameUrl('http://dev.example.com:5173/', 'http://dev.example.com:5173')).toBe(false);
    // Without a dev server, an http page is never trusted.
    expect(isTrustedFrameUrl('http://localhost:5173/', undefined)).toBe(false);
  });
});
