import { useEffect, useState } from 'react';
import { locateMessage } from '/imports/api/messages/methods';
import type { MessageLocation } from '/imports/api/messages/locate-message';

/**
 * The message a link opened, as far as the server has confirmed it: `rootId` is the top-level
 * message the channel list opens around (the message itself, or a reply's thread parent).
 */
export type MessageFocus =
  | { kind: 'none' }
  | { kind: 'locating'; messageId: string }
  | { kind: 'located'; messageId: string; channelId: string; rootId: string; threadId: string | null }
  | { kind: 'missing'; messageId: string; reason: string };

function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : 'That message could not be opened';
}

/** Asks the server where `messageId` is (and whether the user may read it); null: no message asked for. */
export function useMessageFocus(
  messageId: string | null,
  locate: (messageId: string) => Promise<MessageLocation> = (id) => locateMessage.callAsync({ messageId: id }),
): MessageFocus {
  const [focus, setFocus] = useState<MessageFocus>({ kind: 'none' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new message id asks again; the default locate is a new function each render
  useEffect(() => {
    if (messageId === null) return undefined;
    let answer: 'awaited' | 'unwanted' = 'awaited';
    locate(messageId).then(
      (found) => {
        if (answer === 'awaited')
          setFocus({ kind: 'located', messageId, channelId: found.channelId, rootId: found.threadId ?? messageId, threadId: found.threadId });
      },
      (error: unknown) => {
        if (answer === 'awaited') setFocus({ kind: 'missing', messageId, reason: reasonOf(error) });
      },
    );
    return () => {
      answer = 'unwanted';
    };
    // `locate` is a dependency-free default or a test stand-in, fixed for the page's life.
  }, [messageId]);
  if (messageId === null) return { kind: 'none' };
  // Until the answer for this id arrives, an answer for an earlier one does not count.
  return focus.kind !== 'none' && focus.messageId === messageId ? focus : { kind: 'locating', messageId };
}
