import { useEffect, useState } from 'react';
import { Tracker } from 'meteor/tracker';
import type { Counted } from './format.js';
import { formatCount } from './format.js';

/** A live count of any Meteor cursor, through Tracker. */
export function SignatureCount({ cursor }: { cursor: () => Counted }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const computation = Tracker.autorun(() => setCount(cursor().count()));
    return () => computation.stop();
  }, [cursor]);
  return <p role="status">{formatCount(count)}</p>;
}
