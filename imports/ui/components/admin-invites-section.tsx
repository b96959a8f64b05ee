import { useEffect, useState } from 'react';
import { Meteor } from 'meteor/meteor';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { Invites } from '/imports/api/workspace/collection';
import type { Invite } from '/imports/api/workspace/collection';
import { createInvite, revokeInvite } from '/imports/api/workspace/methods';
import { INVITE_MAX_USES } from '/imports/api/workspace/schema';
import { ErrorLine, useAction } from './panel-actions';

const invites = Invites;

const EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
] as const;

export function inviteUrl(token: string): string {
  return `${Meteor.absoluteUrl()}#/invite/${token}`;
}

/** Where an invite stands now: what the list shows and whether it can still be revoked. */
export function inviteState(invite: Invite, now: number): 'active' | 'expired' | 'used up' | 'revoked' {
  if (invite.revokedAt !== null) return 'revoked';
  if (invite.expiresAt.getTime() <= now) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used up';
  return 'active';
}

/** Create invite links with an expiry and a use limit; list them with their use counts; revoke. */
export function AdminInvitesSection() {
  useSubscribe('admin.invites');
  const list = useTracker(() => invites.find({}, { sort: { createdAt: -1 } }).fetch(), []);
  // Re-rendered now and then, so a link that expires while the list is open says so.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const [hours, setHours] = useState<number>(24 * 7);
  const [maxUses, setMaxUses] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, act] = useAction();
  return (
    <section className="panel-section" aria-labelledby="admin-invites-heading">
      <h3 id="admin-invites-heading">Invite links</h3>
      <ErrorLine error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act(async () => {
            const uses = maxUses.trim() === '' ? undefined : Number(maxUses);
            const { token } = await createInvite.callAsync({ expiresInHours: hours, ...(uses !== undefined ? { maxUses: uses } : {}) });
            setCreated(inviteUrl(token));
            setMaxUses('');
          });
        }}
      >
        <label>
          Expires after
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.hours} value={choice.hours}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Maximum sign-ups <span className="muted">(empty: no limit)</span>
          </span>
          <input type="number" min={1} max={INVITE_MAX_USES} step={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
        </label>
        <button className="btn btn-small btn-primary" type="submit">
          Create invite link
        </button>
      </form>
      {created !== null && (
        <p className="form-notice" role="status">
          New link: <input className="invite-url" readOnly value={created} aria-label="New invite link" onFocus={(e) => e.target.select()} />
        </p>
      )}
      <ul className="invite-list">
        {list.map((invite) => {
          const state = inviteState(invite, now);
          return (
            <li key={invite._id} data-invite-id={invite._id} data-state={state}>
              <input
                className="invite-url"
                readOnly
                value={inviteUrl(invite.token)}
                aria-label={`Invite link created ${invite.createdAt.toLocaleString()}`}
                onFocus={(e) => e.target.select()}
              />
              <span className="invite-meta">
                <span className="invite-uses">
                  {invite.uses} {invite.maxUses !== null ? `of ${invite.maxUses} ` : ''}
                  {invite.uses === 1 && invite.maxUses === null ? 'use' : 'uses'}
                </span>
                {' · '}
                {state === 'active' ? `expires ${invite.expiresAt.toLocaleString()}` : <span className="tag">{state}</span>}
              </span>
              {state !== 'revoked' && (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`Revoke invite link created ${invite.createdAt.toLocaleString()}`}
                  onClick={() => act(() => revokeInvite.callAsync({ inviteId: invite._id }))}
                >
                  Revoke
                </button>
              )}
            </li>
          );
        })}
        {list.length === 0 && <li className="muted">No invite links yet.</li>}
      </ul>
    </section>
  );
}
