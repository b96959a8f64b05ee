import { formatDay } from './date-formats';

/** What the list needs of a message to lay it out. */
export interface ListedMessage {
  readonly _id: string;
  readonly userId: string;
  readonly createdAt: Date;
}

export type ListRow<M extends ListedMessage> =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | { readonly kind: 'message'; readonly key: string; readonly message: M; readonly startsGroup: boolean };

/** Consecutive messages by one author within this gap share one header. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

export function dayLabel(date: Date, now: Date): string {
  const today = dayKey(now);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(date) === today) return 'Today';
  if (dayKey(date) === dayKey(yesterday)) return 'Yesterday';
  return formatDay(date, now);
}

/** Messages (oldest first) → rows with day separators and author groups. */
export function groupMessages<M extends ListedMessage>(messages: readonly M[], now: Date = new Date()): ListRow<M>[] {
  const rows: ListRow<M>[] = [];
  let previous: M | undefined;
  for (const message of messages) {
    const newDay = previous === undefined || dayKey(previous.createdAt) !== dayKey(message.createdAt);
    if (newDay) rows.push({ kind: 'day', key: `day-${dayKey(message.createdAt)}`, label: dayLabel(message.createdAt, now) });
    const startsGroup =
      newDay || previous === undefined || previous.userId !== message.userId || message.createdAt.getTime() - previous.createdAt.getTime() > GROUP_GAP_MS;
    rows.push({ kind: 'message', key: message._id, message, startsGroup });
    previous = message;
  }
  return rows;
}
