/** `meteor/email`: Meteor's email package (server only), implemented by @perseid/email. */
export { Email } from '@perseid/email';
export type { EmailOptions, EmailHook, CustomTransport } from '@perseid/email';
