/** `meteor/webapp`: the HTTP layer (server only). */
export * from '@perseid/webapp';
