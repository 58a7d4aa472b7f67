import type { SocketLabApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present in the Electron window; absent in browser mode (the WebSocket bridge stands in). */
    socketLab?: SocketLabApi;
  }
}
