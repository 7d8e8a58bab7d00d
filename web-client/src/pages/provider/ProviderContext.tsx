import { createContext, useContext, type ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { LoadError, Loading } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';

export type OwnProvider = Schemas['ProviderResponse'];

const ProviderContext = createContext<OwnProvider | undefined>(undefined);

/** The signed-in provider user's provider (GET /api/v1/provider), for every page of the portal. */
export function ProviderScope({ children }: { children: ReactNode }) {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/provider', { signal })), 'provider');
  if (loaded.error && !loaded.data) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your provider…" />;
  return <ProviderContext.Provider value={loaded.data}>{children}</ProviderContext.Provider>;
}

export function useProvider(): OwnProvider {
  const provider = useContext(ProviderContext);
  if (!provider) throw new Error('useProvider outside ProviderScope');
  return provider;
}
