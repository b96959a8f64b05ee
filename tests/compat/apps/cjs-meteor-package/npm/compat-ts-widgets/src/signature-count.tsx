import { useTracker } from 'meteor/react-meteor-data';
import type { Counted } from './format.js';
import { formatCount } from './format.js';

/** A live count of any Meteor cursor, through the app's react-meteor-data. */
export function SignatureCount({ cursor }: { cursor: () => Counted }) {
  const count = useTracker(() => cursor().count(), [cursor]);
  return <p role="status">{formatCount(count)}</p>;
}
