import type { Schemas } from '../../api/client';
import { Badge } from '../../components/ui';
import { approvedOn } from '../../lib/providers';

export type Provider = Schemas['ProviderResponse'];

/** Suspended wins over the approval period; otherwise whether today falls inside it. */
export function ProviderStatus({ provider, today }: { provider: Provider; today: string }) {
  if (provider.suspended) return <Badge tone="bad">Suspended</Badge>;
  if (approvedOn(provider, today)) return <Badge tone="ok">Approved</Badge>;
  if (today < provider.approvedFrom) return <Badge tone="info">Not yet approved</Badge>;
  return <Badge tone="muted">Approval ended</Badge>;
}
