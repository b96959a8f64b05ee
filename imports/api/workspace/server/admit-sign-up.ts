import { appErrors } from '../../app-errors';
import { Invites } from '../collection';
import type { Invite } from '../collection';
import { loadWorkspaceSettings } from '../methods';
import { INVITE_TOKEN_PATTERN } from '../schema';

/** What a sign-up brings that the policy looks at. */
export interface SignUpRequest {
  email: string | undefined;
  /** From the invite link the person followed, if any (createUser's `inviteToken` option). */
  inviteToken: unknown;
}

/** Why an invite cannot be used now, or null when it can. */
function inviteRefusal(invite: Invite | undefined, now: Date): Error | null {
  if (invite === undefined) return appErrors.inviteInvalid();
  if (invite.revokedAt !== null) return appErrors.inviteRevoked();
  if (invite.expiresAt.getTime() <= now.getTime()) return appErrors.inviteExpired();
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return appErrors.inviteUsedUp();
  return null;
}

/**
 * Takes one use of an invite, atomically: the update's own condition re-checks expiry, revocation
 * and the use count, so two sign-ups racing for a link's last use cannot both get it.
 */
async function takeInvite(token: string, now: Date): Promise<Invite> {
  const invite = await Invites.findOneAsync({ token });
  const refusal = inviteRefusal(invite, now);
  if (refusal !== null || invite === undefined) throw refusal ?? appErrors.inviteInvalid();
  const condition: Record<string, unknown> = { _id: invite._id, revokedAt: null, expiresAt: { $gt: now } };
  if (invite.maxUses !== null) condition['uses'] = { $lt: invite.maxUses };
  const taken = await Invites.updateAsync(condition, { $inc: { uses: 1 } });
  if (taken === 0) throw inviteRefusal(await Invites.findOneAsync({ _id: invite._id }), now) ?? appErrors.inviteUsedUp();
  return invite;
}

function domainOf(email: string | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email === undefined || at < 0 ? null : email.slice(at + 1).toLowerCase();
}

/**
 * Applies the workspace's sign-up policy to a new account, server-side (accounts' onCreateUser):
 * an invite link admits anyone while it is valid (and is counted); without one, 'invite-only'
 * refuses and 'email-domain' wants an address at a listed domain. The very first account of a
 * database is always admitted, so a fresh workspace gets its admin. Answers the invite used.
 */
export async function admitSignUp(request: SignUpRequest, isFirstUser: boolean): Promise<string | null> {
  const now = new Date();
  if (request.inviteToken !== undefined && request.inviteToken !== null && request.inviteToken !== '') {
    if (typeof request.inviteToken !== 'string' || !INVITE_TOKEN_PATTERN.test(request.inviteToken)) throw appErrors.inviteInvalid();
    return (await takeInvite(request.inviteToken, now))._id;
  }
  if (isFirstUser) return null;
  const settings = await loadWorkspaceSettings();
  switch (settings.signupPolicy) {
    case 'open':
      return null;
    case 'invite-only':
      throw appErrors.signupInviteRequired();
    case 'email-domain': {
      const domain = domainOf(request.email);
      if (domain === null || !settings.allowedDomains.includes(domain)) throw appErrors.signupDomainNotAllowed(settings.allowedDomains);
      return null;
    }
    default:
      return settings.signupPolicy satisfies never;
  }
}
