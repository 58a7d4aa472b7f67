// Types of scripts/start.mjs (the `npm start` launcher), for the tests that import its pieces.
type Env = Record<string, string | undefined>;

export type ElectronFound = { binary: string } | { binary: null; why: string; canFetch: boolean };

export const root: string;
export const minimumNode: { major: number; minor: number };
export const defaultFetchTimeoutSeconds: number;
export function nodeIsTooOld(version?: string): boolean;
export function flag(value: string | undefined): boolean;
export function platformPath(platform?: NodeJS.Platform | 'mas'): string;
export function findElectron(options?: { env?: Env; electronDir?: string | null; platform?: NodeJS.Platform }): ElectronFound;
export function hasDisplay(env?: Env, platform?: NodeJS.Platform): boolean;
export function fetchElectron(options: { env?: Env; electronDir?: string; timeoutMs: number; onSlow?: () => void }): Promise<string | null>;
export function needsBuild(projectRoot?: string): boolean;
export function openBrowser(
  url: string,
  options?: { env?: Env; platform?: NodeJS.Platform; say?: (line: string) => void },
): 'opened' | 'not-opened';
export function main(argv?: string[], env?: Env): Promise<number>;
