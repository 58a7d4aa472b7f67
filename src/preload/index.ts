// The renderer's only door to the main process: one named function per contract command and an
// update subscription. No raw ipcRenderer, and listeners never see the Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { commandChannel, commandNames, updateChannel } from '../shared/channels';
import type { SocketLabApi, UpdateBatch } from '../shared/contract';

const commands = Object.fromEntries(
  commandNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(commandChannel(name), input)]),
);

const api = {
  ...commands,
  onUpdate(listener: (batch: UpdateBatch) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, batch: UpdateBatch): void => listener(batch);
    ipcRenderer.on(updateChannel, wrapped);
    return () => ipcRenderer.removeListener(updateChannel, wrapped);
  },
} as SocketLabApi;

contextBridge.exposeInMainWorld('socketLab', api);
