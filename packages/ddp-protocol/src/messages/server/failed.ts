import { f, messageSchema, type InferMessage } from '../../schema';

/** `failed` refuses the proposed version and names the one the server would rather speak. */
export const failedSchema = messageSchema('failed', { version: f.string });
export type FailedMessage = InferMessage<'failed', typeof failedSchema.shape>;
