import { Random } from 'meteor/random';

/**
 * Message ids are chosen by the sending client (its optimistic copy and the server's are one
 * document) inside the sender's own namespace: `<userId>:<random>`. Ids of different senders
 * can therefore never collide, so no answer to a send can tell whether someone else's message
 * (readable or not) holds an id; a sender only ever collides with their own messages.
 */
export function newMessageId(senderId: string): string {
  return `${senderId}:${Random.id()}`;
}

/** Whether `messageId` lies in the namespace of `senderId` (a prefix and something after it). */
export function isSendersMessageId(messageId: string, senderId: string): boolean {
  return messageId.length > senderId.length + 1 && messageId.startsWith(`${senderId}:`);
}
