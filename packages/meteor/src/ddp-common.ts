/** `meteor/ddp-common`: what Meteor's DDP client and server share, implemented by @perseid/ddp-common. */
import { Heartbeat } from '@perseid/ddp-common';

export * from '@perseid/ddp-common';

/** Meteor's namespace for the package (`DDPCommon.Heartbeat`). */
export const DDPCommon = { Heartbeat } as const;
