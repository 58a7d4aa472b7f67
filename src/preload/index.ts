// The renderer's only door to the main process: one named function per contract command and an
// update subscription. No raw ipcRenderer, and listeners never see the Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { commandChannel, commandNames, menuActions, menuChannel, updateChannel, type MenuAction } from '../shared/channels';
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
  onMenu(listener: (action: MenuAction) => void): () => void {
    // Only the actions the menu has: anything else on the channel is not passed on.
    const wrapped = (_event: IpcRendererEvent, action: unknown): void => {
      if ((menuActions as readonly unknown[]).includes(action)) listener(action as MenuAction);
    };
    ipcRenderer.on(menuChannel, wrapped);
    return () => ipcRenderer.removeListener(menuChannel, wrapped);
  },
} as SocketLabApi;

contextBridge.exposeInMainWorld('socketLab', api);
