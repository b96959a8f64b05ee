import { useState } from 'react';
import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';
import { setAvatar, setNotifyPrefs, updateProfile } from '/imports/api/users/methods';
import { uploadFile } from '/imports/ui/hooks/use-file-url';
import { AVATAR_COLORS, notifyPrefsOf } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { Avatar } from './avatar';
import { CustomEmojiSection } from './custom-emoji-section';
import { Panel } from './panel';
import { ErrorLine, useAction } from './panel-actions';

/** Display name, status, avatar colour, notifications permission, password, sign out. */
export function ProfilePanel({ user, onClose }: { readonly user: ChatUser; readonly onClose: () => void }) {
  const [name, setName] = useState(user.profile?.name ?? '');
  const [statusText, setStatusText] = useState(user.profile?.statusText ?? '');
  const [color, setColor] = useState(user.profile?.color ?? AVATAR_COLORS[0]);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, act] = useAction();
  const notificationsAllowed = typeof Notification !== 'undefined' ? Notification.permission : 'denied';
  const prefs = notifyPrefsOf(user);
  return (
    <Panel title="Your profile" onClose={onClose}>
      <ErrorLine error={error} />
      {notice !== null && <p className="form-notice">{notice}</p>}
      <section className="panel-section">
        <div className="profile-preview">
          <Avatar user={{ ...user, profile: { ...user.profile, name, color } }} size="lg" />
          <div>
            <strong>{name || user.username}</strong>
            <div className="muted">@{user.username}</div>
            <label className="link avatar-upload">
              Upload a picture
              <input
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                className="sr-only"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file !== undefined)
                    act(async () => setAvatar.callAsync({ fileId: (await uploadFile(null, file)).fileId }).then(() => setNotice('Picture updated')));
                }}
              />
            </label>
            {user.profile?.avatarFileId ? (
              <button type="button" className="link" onClick={() => act(() => setAvatar.callAsync({}))}>
                Use initials
              </button>
            ) : null}
          </div>
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() => updateProfile.callAsync({ name, statusText, color }).then(() => setNotice('Profile saved')));
          }}
        >
          <label>
            Display name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required />
          </label>
          <label>
            Status
            <input value={statusText} onChange={(e) => setStatusText(e.target.value)} maxLength={100} placeholder="In a meeting, on holiday…" />
          </label>
          <fieldset className="colors">
            <legend>Avatar colour</legend>
            {AVATAR_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                className={`swatch${c === color ? ' active' : ''}`}
                style={{ background: c }}
                aria-label={`Colour ${c}`}
                aria-pressed={c === color}
                onClick={() => setColor(c)}
              />
            ))}
          </fieldset>
          <button className="btn btn-primary" type="submit">
            Save profile
          </button>
        </form>
      </section>
      <section className="panel-section">
        <h3>Notifications</h3>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.desktop} onChange={(e) => act(() => setNotifyPrefs.callAsync({ ...prefs, desktop: e.target.checked }))} />
          Desktop notifications
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.sounds} onChange={(e) => act(() => setNotifyPrefs.callAsync({ ...prefs, sounds: e.target.checked }))} />
          Sounds
        </label>
        {!prefs.desktop ? null : notificationsAllowed === 'granted' ? (
          <p className="muted">You’ll be notified of mentions and direct messages while Perseid is in the background.</p>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void Notification.requestPermission().then(() => setNotice('Notification preference saved'))}
            disabled={notificationsAllowed === 'denied'}
          >
            {notificationsAllowed === 'denied' ? 'Notifications are blocked in your browser' : 'Enable desktop notifications'}
          </button>
        )}
      </section>
      {user.roles?.includes('admin') === true && <CustomEmojiSection />}
      <section className="panel-section">
        <h3>Change password</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() =>
              Accounts.changePassword(oldPassword, newPassword).then(() => {
                setNotice('Password changed');
                setOldPassword('');
                setNewPassword('');
              }),
            );
          }}
        >
          <label>
            Current password
            <input type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} required />
          </label>
          <label>
            New password
            <input type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} minLength={8} required />
          </label>
          <button className="btn" type="submit">
            Change password
          </button>
        </form>
      </section>
      <section className="panel-section">
        <button type="button" className="btn btn-danger" onClick={() => void Accounts.logout()}>
          Sign out
        </button>
      </section>
    </Panel>
  );
}
