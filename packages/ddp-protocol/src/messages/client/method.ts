import { f, messageSchema, type InferMessage } from '../../schema';

/**
 * `method` calls a server method. `randomSeed` is any JSON value (a string from Meteor clients)
 * seeding the RandomStream that makes client stubs and the server generate the same ids.
 */
export const methodSchema = messageSchema('method', {
  method: f.string,
  params: f.optional(f.ejsonArray),
  id: f.string,
  randomSeed: f.optional(f.json),
});
export type MethodMessage = InferMessage<'method', typeof methodSchema.shape>;
