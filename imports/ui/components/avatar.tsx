import { colorFor, displayName, initials, initialsColor } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import type { PresenceView } from '/imports/ui/hooks/use-presence';
import { useFileUrl } from '/imports/ui/hooks/use-file-url';

export interface AvatarProps {
  readonly user: ChatUser | undefined;
  readonly size?: 'sm' | 'md' | 'lg';
  readonly presence?: PresenceView;
}

/** Initials on the user's colour, with an optional presence dot. */
export function Avatar({ user, size = 'md', presence }: AvatarProps) {
  const name = displayName(user);
  const color = user?.profile?.color ?? colorFor(user?.username ?? name);
  const fileId = user?.profile?.avatarFileId ?? null;
  return (
    <span className={`avatar avatar-${size}`} style={{ background: color, color: initialsColor(color) }} aria-hidden="true">
      {fileId !== null ? <AvatarImage fileId={fileId} fallback={initials(name)} /> : initials(name)}
      {presence !== undefined && <span className={`presence-dot presence-${presence}`} />}
    </span>
  );
}

/** An uploaded avatar; the initials show until it loads (or if it cannot). */
function AvatarImage({ fileId, fallback }: { readonly fileId: string; readonly fallback: string }) {
  const file = useFileUrl(fileId);
  return file.kind === 'ready' ? <img className="avatar-img" src={file.url} alt="" /> : fallback;
}

export function PresenceDot({ state, label }: { readonly state: PresenceView; readonly label: string }) {
  return <span className={`presence-dot inline presence-${state}`} role="img" aria-label={`${label} is ${state}`} title={state} />;
}
