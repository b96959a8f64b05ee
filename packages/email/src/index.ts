export { createEmail, Email } from './email';
export type { EmailApi, EmailHook, EmailOptions, EmailRuntime, CustomTransport } from './email';
