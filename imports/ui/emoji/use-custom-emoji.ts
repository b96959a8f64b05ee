import { Meteor } from 'meteor/meteor';
import { useMemo } from 'react';
import { useFind } from 'meteor/react-meteor-data';
import { CustomEmojis, type CustomEmoji } from '/imports/api/emoji/collection';

let subscribed = false;

/**
 * The workspace's custom emoji by name, live. The subscription is opened on first use and kept
 * for the page's life: the list is small and shown by every message that uses one.
 */
export function useCustomEmoji(): ReadonlyMap<string, CustomEmoji> {
  if (!subscribed) {
    subscribed = true;
    Meteor.subscribe('emoji.custom');
  }
  const list = useFind(() => CustomEmojis.find({}, { sort: { name: 1 } }), []);
  return useMemo(() => new Map(list.map((e): [string, CustomEmoji] => [e.name, e])), [list]);
}
