import { useEffect, useState, useSyncExternalStore } from 'react';
import { busy } from '../api/busy';

/** Says calmly that the service is at capacity while the API client waits to send a request again (api/busy.ts). */
export function BusyBanner() {
  const { retryAt } = useSyncExternalStore(busy.subscribe, busy.snapshot, busy.snapshot);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (retryAt === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [retryAt]);

  if (retryAt === undefined) return null;
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <div className="banner banner--info" role="status" aria-live="polite">
      <p>The service is busy — retrying in {seconds} s.</p>
    </div>
  );
}
