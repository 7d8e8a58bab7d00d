import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { useAuth } from '../../auth/AuthContext';
import { Badge, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { useLoad } from '../../lib/useLoad';

type StaffMember = Schemas['StaffMember'];

/** Staff accounts: reset a colleague's two-step sign-in, end their sessions. */
export function StaffMembers() {
  const { user } = useAuth();
  const members = useLoad(() => call(api.GET('/api/v1/staff/staff-members')), 'staff-members');
  const [problem, setProblem] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();

  async function act(member: StaffMember, action: 'reset' | 'sign-out') {
    setProblem(undefined);
    setNotice(undefined);
    try {
      if (action === 'reset') {
        await call(api.POST('/api/v1/staff/staff-members/{id}/mfa/reset', { params: { path: { id: member.id } } }));
        setNotice(`${member.email} will set up two-step sign-in again at the next sign-in; their sessions ended.`);
      } else {
        await call(api.POST('/api/v1/staff/users/{id}/sign-out-everywhere', { params: { path: { id: member.id } } }));
        setNotice(`Every session of ${member.email} ended.`);
      }
      members.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  return (
    <>
      <PageHeader title="Staff accounts" subtitle="Two-step sign-in and sessions of the back-office accounts" />
      <ProblemBanner problem={problem} />
      {notice && <p role="status" className="notice notice--ok">{notice}</p>}
      {members.error ? <LoadError problem={members.error} onRetry={members.reload} /> : !members.data ? <Loading /> : (
        <table className="table">
          <thead>
            <tr><th>Staff member</th><th>Two-step sign-in</th><th>Live sessions</th><th><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.id}>
                <td>{member.firstName} {member.lastName}<br /><span className="muted">{member.email}</span></td>
                <td>{member.mfaEnrolled ? <Badge tone="ok">set up</Badge> : <Badge tone="warn">not set up</Badge>}</td>
                <td>{member.liveSessions}</td>
                <td className="table__actions">
                  {member.id !== user?.id && member.mfaEnrolled && (
                    <button type="button" className="button button--small" onClick={() => act(member, 'reset')}>Reset two-step sign-in</button>
                  )}
                  <button type="button" className="button button--small" onClick={() => act(member, 'sign-out')}>
                    {member.id === user?.id ? 'Sign out everywhere (you too)' : 'Sign out everywhere'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
