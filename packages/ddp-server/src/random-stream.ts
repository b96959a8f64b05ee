import { RandomStream } from '@perseid/random';
import { currentMethodInvocation, currentPublicationInvocation } from './environment';

/**
 * Meteor's `DDP.randomStream(name)`: the seeded generator named `name` of the method (or
 * publication) running now, or the unseeded `Random` outside one. Server collections take new ids
 * from `randomStream('/collection/' + name)`, so a client stub given the same `randomSeed`
 * generates the same `_id`s.
 */
export function randomStream(name: string) {
  const scope = currentMethodInvocation.get() ?? currentPublicationInvocation.get();
  return RandomStream.get(scope, name);
}
