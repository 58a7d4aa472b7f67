// Names only, no schemas: the sandboxed preload imports this file, and a sandboxed preload
// cannot load packages such as zod at run time. contract.ts checks it covers the same names.

export const commandNames = [
  'openSession',
  'closeSession',
  'removeSession',
  'send',
  'disconnectClient',
  'halfClose',
  'closeConnection',
  'recv',
  'setAutoReply',
  'setRules',
  'listSessions',
  'getRows',
  'setFilter',
  'getEntry',
  'clearLog',
  'cancelJob',
  'getSettings',
  'setLogBudget',
  'startCapture',
  'stopCapture',
  'startFlood',
  'stopFlood',
  'joinGroup',
  'leaveGroup',
  'listInterfaces',
  'startRepeat',
  'stopRepeat',
  'setEncoding',
  'setImpair',
  'encodeText',
  'sendFile',
  'pickFile',
  'testRules',
  'decodeText',
  'startExport',
  'loadSettings',
  'saveSettings',
  'checkWorkspaceText',
  'openWorkspaceDialog',
  'saveWorkspaceDialog',
  'osSockets',
  'sessionNdjson',
] as const;

export type CommandName = (typeof commandNames)[number];

export const commandChannel = (name: CommandName): string => `socket-lab:${name}`;

/** The one channel the main side pushes batched updates on. */
export const updateChannel = 'socket-lab:update';

/** The channel the Electron menu uses to ask the window for an action the window itself carries out. */
export const menuChannel = 'socket-lab:menu';

/** What the application menu can ask of the window: the same actions as its header buttons. */
export const menuActions = ['openWorkspace', 'saveWorkspace'] as const;
export type MenuAction = (typeof menuActions)[number];
