import { useState } from 'react';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { setDeactivated } from '/imports/api/users/methods';
import { displayName } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { resetUser, setRole } from '/imports/api/workspace/methods';
import { people } from '/imports/ui/data/client-collections';
import { Avatar } from './avatar';
import { ConfirmButton } from './confirm-button';
import { ErrorLine, useAction } from './panel-actions';

type Member = ChatUser & { emails?: { address: string }[] };

/** Every member with their role and state, and what an admin can do to each. */
export function AdminMembersSection({ selfId }: { readonly selfId: string }) {
  useSubscribe('admin.members');
  const [search, setSearch] = useState('');
  const [error, act] = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const needle = search.trim().toLowerCase();
  const members = useTracker(
    () =>
      (people.find({}, { sort: { username: 1 } }).fetch() as Member[]).filter(
        (u) => needle === '' || `${displayName(u)} ${u.username ?? ''} ${u.emails?.[0]?.address ?? ''}`.toLowerCase().includes(needle),
      ),
    [needle],
  );
  const run = (action: () => Promise<unknown>, done: string): void => {
    setNotice(null);
    act(async () => {
      await action();
      setNotice(done);
    });
  };
  return (
    <section className="panel-section" aria-labelledby="admin-members-heading">
      <h3 id="admin-members-heading">Members</h3>
      <input
        type="search"
        aria-label="Search members by name or email"
        placeholder="Search members"
        maxLength={60}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <ErrorLine error={error} />
      {notice !== null && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
      <ul className="admin-member-list">
        {members.map((user) => {
          const name = displayName(user);
          const admin = user.roles?.includes('admin') === true;
          const self = user._id === selfId;
          return (
            <li key={user._id} data-user-id={user._id} data-deactivated={user.deactivated === true ? 'true' : undefined}>
              <div className="admin-member-who">
                <Avatar user={user} size="sm" />
                <span className="member-name">
                  <span>{name}</span>
                  <span className="muted">
                    @{user.username}
                    {user.emails?.[0] !== undefined ? ` · ${user.emails[0].address}` : ''}
                  </span>
                </span>
                <span className="tag">{admin ? 'admin' : 'member'}</span>
                {user.deactivated === true && <span className="tag tag-warning">deactivated</span>}
              </div>
              <div className="admin-member-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`${admin ? 'Remove admin' : 'Make admin'}: ${name}`}
                  onClick={() =>
                    run(() => setRole.callAsync({ userId: user._id, role: admin ? 'member' : 'admin' }), `${name} is now ${admin ? 'a member' : 'an admin'}.`)
                  }
                >
                  {admin ? 'Remove admin' : 'Make admin'}
                </button>
                {!self &&
                  (user.deactivated === true ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Reactivate: ${name}`}
                      onClick={() => run(() => setDeactivated.callAsync({ userId: user._id, deactivated: false }), `${name} can sign in again.`)}
                    >
                      Reactivate
                    </button>
                  ) : (
                    <ConfirmButton
                      label="Deactivate"
                      accessibleLabel={`Deactivate: ${name}`}
                      explanation="Signs them out everywhere now and blocks sign-in; their messages stay."
                      confirmLabel="Deactivate"
                      danger
                      onConfirm={() =>
                        run(() => setDeactivated.callAsync({ userId: user._id, deactivated: true }), `${name} is deactivated and signed out everywhere.`)
                      }
                    />
                  ))}
                {!self && (
                  <ConfirmButton
                    label="Sign out everywhere"
                    accessibleLabel={`Sign out everywhere: ${name}`}
                    explanation="Ends every session on every device; their password still works."
                    confirmLabel="Sign out"
                    onConfirm={() => run(() => resetUser.callAsync({ userId: user._id, kind: 'sessions' }), `${name} is signed out everywhere.`)}
                  />
                )}
                {!self && user.emails?.[0] !== undefined && (
                  <ConfirmButton
                    label="Reset password"
                    accessibleLabel={`Reset password: ${name}`}
                    explanation="Their password stops working, they are signed out everywhere, and a link to choose a new one goes to their email."
                    confirmLabel="Reset password"
                    danger
                    onConfirm={() =>
                      run(
                        () => resetUser.callAsync({ userId: user._id, kind: 'password' }),
                        `${name} must choose a new password; the link went to their email.`,
                      )
                    }
                  />
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
