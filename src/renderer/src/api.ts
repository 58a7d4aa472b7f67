// The one door to the engine: the preload's window.socketLab inside Electron, or the WebSocket
// bridge when the window is served by `socket-lab web`.
import type { SocketLabApi } from '../../shared/contract';
import { createBridgeApi, type BridgeStatus } from './lib/bridge-client';

const statusListeners = new Set<(s: BridgeStatus) => void>();
let bridgeStatus: BridgeStatus = 'open';

function bridgeUrl(): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
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
