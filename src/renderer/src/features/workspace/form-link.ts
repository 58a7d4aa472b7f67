// What the connection form asks of the workspace: the values to start from, where typed values and
// an opened session go, and where Remove goes.
import type { SessionInfo } from '../../../../shared/contract';
import { initialForm, type FormValues } from '../connection-form/form-model';
import { workspace } from './workspace-store';
import { workspaceFile } from '../workspace-file/workspace-file-store';
import type { SessionKind } from '../../../../shared/kinds';

export interface FormLink {
  /** The entry's kept values, or the clean defaults for New (never a copy of the last session). */
  initial: FormValues;
  onValues(values: FormValues): void;
  onOpened(info: SessionInfo, values: FormValues): void;
  onRemove(): void;
  /** Open options kept with the entry that the form has no field for (see window-workspace.ts). */
  openOptions(kind: SessionKind): Record<string, unknown>;
}

export function formLinkFor(entryId: number | null): FormLink {
  return {
    initial: workspace.entry(entryId)?.form ?? initialForm,
    onValues: (values) => {
      if (entryId !== null) workspace.setForm(entryId, values);
    },
    onOpened: (info, values) => workspace.opened(entryId, info, values),
    onRemove: () => {
      if (entryId !== null) void workspace.close(entryId);
    },
    openOptions: (kind) => (entryId === null ? {} : workspaceFile.openOptionsOf(entryId, kind)),
  };
}
