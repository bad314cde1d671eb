import { createContext, useContext } from 'react';
import type { OutputOf } from '@contract/index';

export type Hello = OutputOf<'system.hello'>;
export const StationContext = createContext<Hello | null>(null);

export function useStation(): Hello {
  const v = useContext(StationContext);
  if (!v) throw new Error('useStation outside StationContext');
  return v;
}
