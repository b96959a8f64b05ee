import type { ClientArch } from './client-arch';

/** The `web.cordova` program (see client-arch.ts). */
export const CLIENT_ARCH: ClientArch = 'web.cordova';
