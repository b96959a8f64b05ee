/**
 * The `this` type of the synchronous collection and cursor methods on the server, which Meteor 3
 * removed: no collection or cursor is this string, so a call does not compile, and the
 * compiler's message says what to call instead ("The 'this' context of type 'Collection<Link>'
 * is not assignable to method's 'this' of type '"findOne() is not available on the server in
 * Meteor 3: use findOneAsync()"'").
 */
export type ServerSyncApi<Removed extends string, Replacement extends string> = `${Removed}() is not available on the server in Meteor 3: use ${Replacement}()`;
