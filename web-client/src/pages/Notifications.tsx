import { Link, NavLink, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { LoadError, Loading, PageHeader } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/useLoad';

const loadNotifications = (signal: AbortSignal) => call(api.GET('/api/v1/me/notifications', { signal }));

/** The nav entry, with the unread count read out as part of its name. */
export function NotificationsLink() {
  const loaded = useLoad(loadNotifications, 'notifications');
  const unread = loaded.data?.unreadCount ?? 0;
  return (
    <NavLink to="/notifications" className="nav__link" aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}>
      Notifications{unread > 0 && <span className="nav__count" aria-hidden="true">{unread}</span>}
    </NavLink>
  );
}

export function Notifications() {
  const loaded = useLoad(loadNotifications, 'notifications');
  const navigate = useNavigate();

  async function open(id: string, read: boolean, linkPath: string) {
    if (!read) await call(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id } } })).catch(() => undefined);
    navigate(linkPath);
  }

  const items = loaded.data?.items ?? [];
  return (
    <div className="narrow stack">
      <PageHeader
        title="Notifications"
        subtitle="Decisions and deadlines about your certifications; each is also emailed to you."
        actions={loaded.data && loaded.data.unreadCount > 0 && (
          <button type="button" className="button button--ghost" onClick={() => void call(api.POST('/api/v1/me/notifications/read'))}>
            Mark all as read
          </button>
        )}
      />
      {loaded.error && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!loaded.data && !loaded.error && <Loading label="Loading your notifications…" />}
      {loaded.data && items.length === 0 && <p className="card muted">Nothing yet. Decisions on petitions and renewals, and audit requests, appear here.</p>}
      {items.length > 0 && (
        <ul className="stack plain" aria-label="Notifications">
          {items.map((n) => (
            <li key={n.id} className={`card notification${n.read ? '' : ' notification--unread'}`}>
              <p className="notification__title">
                {!n.read && <span className="visually-hidden">Unread: </span>}
                <Link to={n.linkPath} onClick={(event) => { event.preventDefault(); void open(n.id, n.read, n.linkPath); }}>
                  {n.title}
                </Link>
              </p>
              <p className="muted small">{formatDateTime(n.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
