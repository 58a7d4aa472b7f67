// The address an entry is about: the session's own when it has one, else the form's host and port.
import { formatHostPort } from '../../../../shared/address';
import type { SessionInfo } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import type { Entry } from './workspace-store';

export function entryAddress(entry: Entry, info: SessionInfo | undefined): string {
  if (info) {
    const e = isClientKind(info.kind) ? info.target : (info.local ?? info.target);
    return formatHostPort(e.host, e.port);
  }
  const port = entry.form.port.trim();
  return /^\d+$/.test(port) ? formatHostPort(entry.form.host.trim(), Number(port)) : entry.form.host.trim();
}
