import { Meteor } from 'meteor/meteor';

/**
 * The app's error catalogue: every refusal a client can see, with a stable code (the
 * `error` field of Meteor.Error) that UI and tests match on, never the wording.
 */
export const appErrors = {
  notLoggedIn: () => new Meteor.Error('chat.not-logged-in', 'Sign in first'),
  notMember: () => new Meteor.Error('chat.not-member', 'You are not a member of this channel'),
  notFound: (what: string) => new Meteor.Error('chat.not-found', `${what} not found`),
  forbidden: (reason: string) => new Meteor.Error('chat.forbidden', reason),
  archived: () => new Meteor.Error('chat.archived', 'This channel is archived and read-only'),
  nameTaken: () => new Meteor.Error('chat.name-taken', 'A channel with that name already exists'),
  /** A client-chosen id already holds another of the caller's own messages. */
  idTaken: () => new Meteor.Error('chat.id-taken', 'That id is already in use; send again with a new one'),
  invalid: (reason: string) => new Meteor.Error('chat.invalid', reason),
  deactivated: () => new Meteor.Error('chat.deactivated', 'This account has been deactivated'),
} as const;

export type AppErrorName = keyof typeof appErrors;
