// The shell: sign-in until there is a session, then navigation (only the pages this role may use)
// and the page for the current path. Focus moves to each page's heading on navigation, so keyboard
// and screen-reader users land where the content starts.
import { useEffect } from 'react';
import { can, roleName } from '../api/roles.ts';
import type { Me } from '../api/api-types.ts';
import { Link, useLocation } from './router.tsx';
import { useLive, LiveProvider } from './live.tsx';
import { useSession } from './session.tsx';
import { SignInPage } from '../features/sign-in/sign-in-page.tsx';
import { OverviewPage } from '../features/overview/overview-page.tsx';
import { EventsPage } from '../features/events/events-page.tsx';
import { AlertsPage } from '../features/alerts/alerts-page.tsx';
import { IntegrityPage } from '../features/integrity/integrity-page.tsx';
import { RulesPage } from '../features/rules/rules-page.tsx';
import { UsersPage } from '../features/users/users-page.tsx';
import { AccountPage } from '../features/account/account-page.tsx';
import { AgentsPage } from '../features/agents/agents-page.tsx';
import { KeysPage } from '../features/keys/keys-page.tsx';
import { FimPage } from '../features/fim/fim-page.tsx';
import { PerformancePage } from '../features/performance/perf-page.tsx';
import { CompliancePage } from '../features/compliance/compliance-page.tsx';

interface NavItem {
  path: string;
  label: string;
  show?: (me: Me) => boolean;
  render: () => React.JSX.Element;
}

const PAGES: NavItem[] = [
  { path: '/', label: 'Overview', render: () => <OverviewPage /> },
  { path: '/events', label: 'Events', render: () => <EventsPage /> },
  { path: '/alerts', label: 'Alerts', render: () => <AlertsPage /> },
  { path: '/integrity', label: 'Log integrity', render: () => <IntegrityPage /> },
  { path: '/rules', label: 'Rules', render: () => <RulesPage /> },
  { path: '/agents', label: 'Agents and hosts', render: () => <AgentsPage /> },
  { path: '/keys', label: 'Keys', render: () => <KeysPage /> },
  { path: '/fim', label: 'File integrity', render: () => <FimPage /> },
  { path: '/performance', label: 'Performance', render: () => <PerformancePage /> },
  { path: '/compliance', label: 'Compliance', render: () => <CompliancePage /> },
  {
    path: '/users',
    label: 'Users and tokens',
    show: (me) => can.manageUsers(me.role),
    render: () => <UsersPage />,
  },
  { path: '/account', label: 'My account', render: () => <AccountPage /> },
];

function Shell({ me }: { me: Me }) {
  const { path } = useLocation();
  const { signOut } = useSession();
  const live = useLive();
  const pages = PAGES.filter((p) => !p.show || p.show(me));
  const page = pages.find((p) => p.path === path);
  useEffect(() => {
    document.getElementById('page-title')?.focus();
    document.title = `${page?.label ?? 'Not found'} · keywatch`;
  }, [page]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <nav aria-label="Main" className="nav">
        <p className="brand">keywatch</p>
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <Link to={p.path} aria-current={p.path === path ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="who">
          <p>
            <strong data-testid="who">{me.username}</strong>
            <br />
            <span className="muted">{roleName(me.role)}</span>
          </p>
          <p className="muted" aria-live="polite">
            {live.connected ? '● live' : '○ connecting'}
          </p>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main">
        {page ? (
          page.render()
        ) : (
          <section className="page">
            <h1 id="page-title" tabIndex={-1}>
              Not found
            </h1>
            <p>There is no page {path} for your role.</p>
          </section>
        )}
      </main>
    </div>
  );
}

export function App() {
  const { me, loading } = useSession();
  if (loading) return <p role="status">Loading…</p>;
  if (!me) return <SignInPage />;
  return (
    <LiveProvider>
      <Shell me={me} />
    </LiveProvider>
  );
}
