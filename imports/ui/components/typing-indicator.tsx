import { useTracker, useSubscribe } from 'meteor/react-meteor-data';
import { displayName } from '/imports/api/users/user-profile';
import { people, typing } from '/imports/ui/data/client-collections';

/** "Ana is typing…" from the ephemeral typing publication. */
export function TypingIndicator({ channelId, selfId }: { readonly channelId: string; readonly selfId: string }) {
  useSubscribe('typing', { channelId });
  const names = useTracker(
    () =>
      typing
        .find({ channelId })
        .fetch()
        .filter((t) => t.userId !== selfId)
        .map((t) => displayName(people.findOne({ _id: t.userId }))),
    [channelId, selfId],
  );
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? `${names[0]} is typing…`
        : names.length === 2
          ? `${names[0]} and ${names[1]} are typing…`
          : 'Several people are typing…';
  return (
    <div className="typing-indicator" aria-live="polite">
      {text && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {text}
        </>
      )}
    </div>
  );
}
