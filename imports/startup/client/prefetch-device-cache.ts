import { LOGIN_TOKEN_KEY, USER_ID_KEY } from 'meteor/accounts-base';
import { collectionCache } from 'meteor/mongo';

/**
 * The first module of the client entry (client/main.tsx), evaluated before the app's own modules:
 * a returning person's device cache is read from here on, while the rest of the client loads and
 * connects, so the cached channel paints without waiting for either. (The runtime's start-up has
 * already made the DDP socket by now: bench/RESULTS.md, cached cold open.) Nothing is shown until the offline layer opens the
 * cache for the stored login (imports/ui/state/offline-sync.ts); a login the server then refuses
 * takes it away again.
 */

/** The user id of the login stored on this device (Meteor's keys), if a token is stored with it. */
function storedUserId(): string | null {
  try {
    const storage = globalThis.localStorage;
    const userId = storage?.getItem(USER_ID_KEY) ?? null;
    return userId !== null && userId !== '' && storage?.getItem(LOGIN_TOKEN_KEY) ? userId : null;
  } catch {
    // Storage refused (private mode, a sandboxed frame): no stored login, nothing to read early.
    return null;
  }
}

const stored = storedUserId();
if (stored !== null) collectionCache.prefetch(stored);
