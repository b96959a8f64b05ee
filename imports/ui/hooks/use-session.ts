import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';
import type { LoginState } from 'meteor/accounts-base';
import { Meteor } from 'meteor/meteor';
import { useTracker } from 'meteor/react-meteor-data';
import { people } from '/imports/ui/data/client-collections';
import type { ChatUser } from '/imports/api/users/user-profile';

export interface Session {
  readonly state: LoginState;
  readonly userId: string | null;
  readonly user: ChatUser | null;
  readonly isAdmin: boolean;
}

export function useSession(): Session {
  return useTracker(() => {
    const userId = Accounts.userId();
    const user = userId === null ? null : (people.findOne({ _id: userId }) ?? null);
    return { state: Accounts.loginState(), userId, user, isAdmin: user?.roles?.includes('admin') === true };
  }, []);
}

export type ConnectionView = 'connected' | 'connecting' | 'offline';

/** The header's connection badge, from Meteor.status(). */
export function useConnection(): { view: ConnectionView; retryInSeconds: number | null } {
  return useTracker(() => {
    const status = Meteor.status();
    switch (status.status) {
      case 'connected':
        return { view: 'connected' as const, retryInSeconds: null };
      case 'connecting':
        return { view: 'connecting' as const, retryInSeconds: null };
      case 'waiting':
        return {
          view: 'offline' as const,
          retryInSeconds: status.retryTime === undefined ? null : Math.max(0, Math.round((status.retryTime - Date.now()) / 1000)),
        };
      case 'failed':
      case 'offline':
        return { view: 'offline' as const, retryInSeconds: null };
      default:
        return status.status satisfies never;
    }
  }, []);
}
