// What every screen of a signed-in patron shares: who they are, the member
// libraries (to name a library by its code) and a way to reload the rules.
import { createContext, useContext } from 'react';
import type { PortalLibrary, PortalMe } from '#shared/portal/wire';

export interface Portal {
  me: PortalMe;
  libraries: PortalLibrary[];
  libraryName: (id: string | null | undefined) => string;
  go: (route: string) => void;
}

export const PortalContext = createContext<Portal | null>(null);

export function usePortal(): Portal {
  const p = useContext(PortalContext);
  if (!p) throw new Error('usePortal outside a signed-in page');
  return p;
}
