// This machine's interface addresses (the listInterfaces command), fetched once per window: the
// address pickers of the connection form and the group panel read them.
import { useEffect, useState } from 'react';
import type { LocalInterface } from '../../../../shared/contract';
import { api } from '../../api';

let cached: Promise<LocalInterface[]> | null = null;

/** Asked once; a failed answer (engine not reachable yet) is asked again next time. */
function load(): Promise<LocalInterface[]> {
  cached ??= api.listInterfaces({}).then((r) => {
    if (r.ok) return r.value;
    cached = null;
    return [];
  });
  return cached;
}

export function useLocalAddresses(): LocalInterface[] {
  const [list, setList] = useState<LocalInterface[]>([]);
  useEffect(() => {
    let live = true;
    void load().then((found) => live && setList(found));
    return () => {
      live = false;
    };
  }, []);
  return list;
}
