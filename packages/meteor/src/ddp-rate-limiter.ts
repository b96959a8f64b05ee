/**
 * `meteor/ddp-rate-limiter` on the server: the process-wide DDPRateLimiter, consulted by the
 * default DDP server before every method and subscription as soon as the package is loaded
 * (as enabling `ddp-rate-limiter` does in Meteor).
 */
import { DDPRateLimiter, installDdpRateLimiter } from '@perseid/ddp-rate-limiter';
import { server } from '@perseid/ddp-server';

export * from '@perseid/ddp-rate-limiter';

installDdpRateLimiter(server, DDPRateLimiter);
