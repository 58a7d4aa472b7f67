// What every part of the teaching lab is given: the session selected in the sidebar (null: none open) and its log.
import type { SessionInfo } from '../../../../shared/contract';
import type { SessionLog } from '../../state/app-store';

export interface LabProps {
  session: SessionInfo | null;
  log: SessionLog | undefined;
}
