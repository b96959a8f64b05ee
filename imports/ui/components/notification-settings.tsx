import { useState } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { membershipId } from '/imports/api/channels/collection';
import { setNotifications } from '/imports/api/channels/methods';
import { isMuted, NOTIFY_LEVELS } from '/imports/api/channels/notify-level';
import type { NotifyLevel } from '/imports/api/channels/notify-level';
import { memberships } from '/imports/ui/data/client-collections';
import { systemClock, useWakeUp } from '/imports/ui/hooks/use-clock';
import type { Clock } from '/imports/ui/hooks/use-clock';
import { ErrorLine, useAction } from './panel-actions';

const LEVEL_LABELS: Record<NotifyLevel, string> = { all: 'All messages', mentions: 'Mentions and direct messages only', nothing: 'Nothing' };

const HOUR_MS = 60 * 60_000;
/** "Until tomorrow" ends at this hour of the next morning, local time. */
const MORNING_HOUR = 8;

function tomorrowMorning(nowMs: number): Date {
  const at = new Date(nowMs);
  at.setDate(at.getDate() + 1);
  at.setHours(MORNING_HOUR, 0, 0, 0);
  return at;
}

/** The reader's own level and mute for one channel (the channel details panel's section). */
export function NotificationSettings({
  channelId,
  selfId,
  clock = systemClock,
}: {
  readonly channelId: string;
  readonly selfId: string;
  readonly clock?: Clock;
}) {
  const membership = useTracker(() => memberships.findOne({ _id: membershipId(channelId, selfId) }), [channelId, selfId]);
  const [now, setNow] = useState(() => clock.now());
  const mutedUntil = membership?.mutedUntil ?? null;
  const muted = isMuted(membership, now);
  // Re-read the time as the mute ends, so the section says "not muted" without a reload.
  useWakeUp(muted && mutedUntil !== null ? mutedUntil.getTime() : null, clock, setNow);
  const [error, act] = useAction();
  const level = membership?.notify ?? 'all';
  const mute = (until: Date | null): void => {
    act(() => setNotifications.callAsync({ channelId, mutedUntil: until }));
  };
  return (
    <section className="panel-section" aria-labelledby="notify-heading">
      <h3 id="notify-heading">Notifications</h3>
      <ErrorLine error={error} />
      <fieldset className="choices">
        <legend>Notify me about</legend>
        {NOTIFY_LEVELS.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name={`notify-${channelId}`}
              value={value}
              checked={level === value}
              onChange={() => act(() => setNotifications.callAsync({ channelId, notify: value }))}
            />
            {LEVEL_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <p className="muted" role="status">
        {muted && mutedUntil !== null ? `Muted until ${mutedUntil.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })}` : 'Not muted'}
      </p>
      <div className="mute-actions">
        <button type="button" className="btn btn-small" onClick={() => mute(new Date(clock.now() + HOUR_MS))}>
          Mute for 1 hour
        </button>
        <button type="button" className="btn btn-small" onClick={() => mute(new Date(clock.now() + 8 * HOUR_MS))}>
          Mute for 8 hours
        </button>
        <button type="button" className="btn btn-small" onClick={() => mute(tomorrowMorning(clock.now()))}>
          Mute until tomorrow
        </button>
        {muted && (
          <button type="button" className="btn btn-small" onClick={() => mute(null)}>
            Unmute
          </button>
        )}
      </div>
    </section>
  );
}
