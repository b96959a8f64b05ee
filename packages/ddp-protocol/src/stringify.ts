import { clientMessageSchemas, type ClientMessage } from './client-message';
import type { MessageSchema, Shape } from './schema';
import { serverMessageSchemas, type ServerMessage } from './server-message';

const schemas: Readonly<Record<string, MessageSchema<string, Shape>>> = { ...clientMessageSchemas, ...serverMessageSchemas };

/**
 * Meteor's convention: a `changed` field whose value is `undefined` means the field was
 * removed, so it moves to `cleared` (JSON would silently drop it otherwise).
 */
function moveUndefinedToCleared(message: ServerMessage | ClientMessage): ServerMessage | ClientMessage {
  if (message.msg !== 'changed' || message.fields === undefined) return message;
  const undefinedKeys = Object.keys(message.fields).filter((key) => message.fields?.[key] === undefined);
  if (undefinedKeys.length === 0) return message;
  const fields = { ...message.fields };
  for (const key of undefinedKeys) delete fields[key];
  return { ...message, fields, cleared: [...(message.cleared ?? []), ...undefinedKeys] };
}

/**
 * Serialises one DDP message to a frame: EJSON-encodes the value positions its schema names,
 * drops fields the schema does not know, and JSON-stringifies the result.
 */
export function stringifyDdp(message: ClientMessage | ServerMessage): string {
  const schema = schemas[message.msg];
  if (schema === undefined) throw new TypeError(`stringifyDdp: unknown msg ${JSON.stringify(message.msg)}`);
  return JSON.stringify(schema.encode(moveUndefinedToCleared(message)));
}
