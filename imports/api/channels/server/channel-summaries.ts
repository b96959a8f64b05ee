import { Channels } from '../collection';

type Fields = Record<string, unknown>;

/** A server channel cursor as far as observing it goes. */
interface ChannelCursor {
  observeChangesAsync(
    callbacks: { added(id: string, fields: Fields): void; changed(id: string, fields: Fields): void; removed(id: string): void },
    options: { nonMutatingCallbacks: boolean },
  ): Promise<{ stop(): void }>;
}

/** The part of a ddp-server subscription a returned cursor drives (as mongo's own cursors use it). */
interface SummarySink {
  added(collection: string, id: string, fields: Fields): unknown;
  changed(collection: string, id: string, fields: Fields): unknown;
  removed(collection: string, id: string): unknown;
}

/** What a reader of one channel document has been sent, to send only what changes. */
interface SentSummary {
  readonly direct: boolean;
  memberCount: number;
  joined: boolean;
}

/**
 * A publishable view of a channel cursor (which must project `memberIds` and `kind`) for one
 * reader: `memberIds` becomes `memberCount` and `joined`, so a join sends each other member a
 * `changed` of one number whatever the channel's size. Direct messages, bounded by
 * MAX_DIRECT_MEMBERS and named after their members, keep their `memberIds`. A channel's kind
 * never changes after it is created, so the first `added` decides.
 */
export function channelSummaries(
  cursor: ChannelCursor,
  readerId: string,
): { _getCollectionName(): string; _publishCursor(sub: SummarySink): Promise<{ stop(): void }> } {
  const collection = Channels._name;
  return {
    _getCollectionName: () => collection,
    async _publishCursor(sub) {
      const sent = new Map<string, SentSummary>();
      const handle = await cursor.observeChangesAsync(
        {
          added: (id, fields) => {
            const { memberIds, ...rest } = fields;
            const members = Array.isArray(memberIds) ? (memberIds as unknown[]) : [];
            const summary: SentSummary = { direct: fields['kind'] === 'direct', memberCount: members.length, joined: members.includes(readerId) };
            sent.set(id, summary);
            sub.added(collection, id, { ...rest, memberCount: summary.memberCount, joined: summary.joined, ...(summary.direct ? { memberIds } : {}) });
          },
          changed: (id, fields) => {
            if (!('memberIds' in fields)) {
              sub.changed(collection, id, fields);
              return;
            }
            const { memberIds, ...rest } = fields;
            // A change always follows the document's `added`; should one not, the count goes out, never the list.
            const summary = sent.get(id) ?? { direct: false, memberCount: Number.NaN, joined: false };
            const members = Array.isArray(memberIds) ? (memberIds as unknown[]) : [];
            const out: Fields = { ...rest };
            if (members.length !== summary.memberCount) out['memberCount'] = summary.memberCount = members.length;
            const joined = members.includes(readerId);
            if (joined !== summary.joined) out['joined'] = summary.joined = joined;
            if (summary.direct) out['memberIds'] = memberIds;
            if (Object.keys(out).length > 0) sub.changed(collection, id, out);
          },
          removed: (id) => {
            sent.delete(id);
            sub.removed(collection, id);
          },
          // The fields objects are only read here; the session copies what it keeps.
        },
        { nonMutatingCallbacks: true },
      );
      return handle;
    },
  };
}
