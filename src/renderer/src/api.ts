// The one door to the engine: the preload's window.socketLab inside Electron, or the WebSocket
// bridge when the window is served by `socket-lab web`.
import type { SocketLabApi } from '../../shared/contract';
import { createBridgeApi, type BridgeStatus } from './lib/bridge-client';

const statusListeners = new Set<(s: BridgeStatus) => void>();
let bridgeStatus: BridgeStatus = 'open';

/** Where this tab keeps the bridge token, so a reload reconnects once the address bar no longer shows it. */
const tokenKey = 'socket-lab:token';

/** The bridge token: read from ?token= on first load, then kept for the tab and dropped from the
 * address bar and history (where screenshots, shared screens and history sync would show it). */
function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl === null) {
    try {
      return sessionStorage.getItem(tokenKey) ?? '';
    } catch {
      return '';
    }
  }
  try {
    sessionStorage.setItem(tokenKey, fromUrl);
  } catch {
    return fromUrl; // no storage: the address keeps the token, or a reload could not reconnect
  }
  params.delete('token');
  const query = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  return fromUrl;
}

function bridgeUrl(): string {
  const token = takeToken();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/bridge?token=${encodeURIComponent(token)}`;
}

export const api: SocketLabApi =
  window.socketLab ??
  createBridgeApi(bridgeUrl(), (s) => {
    bridgeStatus = s;
    for (const l of statusListeners) l(s);
  });

export const engineLink = {
  get status(): BridgeStatus {
    return bridgeStatus;
  },
  subscribe(listener: (s: BridgeStatus) => void): () => void {
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
  },
};
