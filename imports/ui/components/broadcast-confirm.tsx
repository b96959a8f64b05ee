import { useEffect, useRef } from 'react';
import { broadcastMemberThreshold } from '/imports/api/messages/broadcast-mentions';

/**
 * What the composer does with a message holding @here/@channel/@all: `send` it as is, `ask`
 * (a role holder in a channel above the threshold confirms first) or `refuse` (a member there).
 */
export type BroadcastCheck = { kind: 'send' } | { kind: 'ask'; memberCount: number } | { kind: 'refuse' };

/** Asks before a broadcast reaches a large channel; "Send anyway" takes the focus. */
export function BroadcastConfirm({
  check,
  onConfirm,
  onCancel,
}: {
  readonly check: Exclude<BroadcastCheck, { kind: 'send' }>;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  if (check.kind === 'refuse') {
    return (
      <div className="broadcast-confirm" role="alert">
        Only channel owners and admins can use @here, @channel or @all in channels of more than {broadcastMemberThreshold()} members.{' '}
        <button ref={first} type="button" className="btn btn-small" onClick={onCancel}>
          Edit message
        </button>
      </div>
    );
  }
  return (
    <div className="broadcast-confirm" role="alertdialog" aria-label="Notify everyone?" aria-describedby="broadcast-confirm-text">
      <span id="broadcast-confirm-text">This will notify {check.memberCount} members. Send it anyway?</span>{' '}
      <button ref={first} type="button" className="btn btn-small" onClick={onConfirm}>
        Send anyway
      </button>{' '}
      <button type="button" className="btn btn-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
