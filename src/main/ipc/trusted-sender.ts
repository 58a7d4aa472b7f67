// Which page may call the IPC commands: our own bundled renderer (file://) or, in development,
// the electron-vite dev server on loopback. Anything else (a navigated or injected frame) is refused.
export function isTrustedFrameUrl(url: string, devServerUrl = process.env['ELECTRON_RENDERER_URL']): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return parsed.pathname.endsWith('/renderer/index.html');
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1');
  }
  return false;
}
