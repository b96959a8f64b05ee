/** `meteor/ddp`: `DDP.connect` and the client connection types (usable from the server too). */
export * from '@perseid/ddp-client';
