import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { BusyBanner } from './BusyBanner';

import { usePageTitle } from '../lib/pageTitles';
import { NotificationsLink } from '../pages/Notifications';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

function certificantNav(number: string): NavItem[] {
  const base = `/certifications/${encodeURIComponent(number)}`;
  return [
    { to: base, label: 'Dashboard', end: true },
    { to: `${base}/transcript`, label: 'Transcript' },
    { to: `${base}/ceus/new`, label: 'Add CEUs' },
    { to: `${base}/petitions`, label: 'Petitions' },
    { to: `${base}/cpr-aed`, label: 'CPR/AED' },
    { to: `${base}/what-if`, label: 'What if' },
    { to: `${base}/renew`, label: 'Renew' },
    { to: '/providers', label: 'Providers' },
    { to: `${base}/cart`, label: 'Payments' },
  ];
}

/** The back office's sections; providers and courses slot in here once their APIs exist. */
export const staffNav: NavItem[] = [
  { to: '/staff', label: 'Look up', end: true },
  { to: '/staff/queues', label: 'Queues' },
  { to: '/staff/petitions', label: 'Petitions' },
  { to: '/staff/audits', label: 'Audits' },
  { to: '/staff/applications', label: 'Applications' },
  { to: '/staff/refunds', label: 'Refunds' },
  { to: '/staff/register', label: 'Register' },
  { to: '/staff/claims', label: 'Claims' },
  { to: '/staff/fees', label: 'Fee schedule' },
  { to: '/staff/settings', label: 'Audit rate & issuers' },
  { to: '/staff/providers', label: 'Providers' },
  { to: '/staff/staff-members', label: 'Staff' },
];

/** The provider portal's sections (issue 14). */
export const providerNav: NavItem[] = [
  { to: '/provider', label: 'Courses', end: true },
  { to: '/provider/upload', label: 'Upload roster' },
  { to: '/provider/completions', label: 'Completions' },
  { to: '/provider/learners', label: 'Check a learner' },
  { to: '/provider/keys', label: 'API keys' },
  { to: '/provider/webhooks', label: 'Webhooks' },
];

export function Layout() {
  const { user, signOut } = useAuth();
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);

  usePageTitle(location.pathname);
  const firstRender = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    // After a client-side navigation, move focus to the new content so keyboard and screen-reader users start there.
    if (firstRender.current) firstRender.current = false;
    else document.getElementById('main')?.focus();
  }, [location.pathname]);

  const number = params.number ?? user?.certificationNumbers[0];
  let items: NavItem[] = [];
  if (user?.role === 'staff') items = staffNav;
  else if (user?.role === 'provider') items = providerNav;
  else if (user && number) items = certificantNav(number);
  else if (user) items = [{ to: '/claim', label: 'Claim certification' }];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className={`topbar__inner${user?.role === 'staff' ? ' topbar__inner--wide' : ''}`}>
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">R</span>
            <span>Recert</span>
            {user?.role === 'staff' && <span className="brand__tag">Back office</span>}
            {user?.role === 'provider' && <span className="brand__tag">Provider portal</span>}
          </Link>
          {user && (
            <button
              type="button"
              className="menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              Menu
            </button>
          )}
          <nav id="main-nav" className={`nav${menuOpen ? ' nav--open' : ''}`} aria-label="Main">
            {items.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className="nav__link">
                {item.label}
              </NavLink>
            ))}
            {user?.role === 'certificant' && <NotificationsLink />}
            <NavLink to="/help" className="nav__link">
              Help
            </NavLink>
            {user && (
              <NavLink to="/account" className="nav__link">
                Account
              </NavLink>
            )}
            {user ? (
              <button
                type="button"
                className="nav__link nav__signout"
                onClick={async () => {
                  await signOut();
                  navigate('/sign-in');
                }}
              >
                Sign out
              </button>
            ) : (
              <NavLink to="/sign-in" className="nav__link">
                Sign in
              </NavLink>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <BusyBanner />
        <Outlet />
      </main>
      <footer className="footer">
        <span>Recert — recertification for Certified Personal Trainers</span>
        <Link to="/help">Advisors: 800-460-6276</Link>
      </footer>
    </div>
  );
}
