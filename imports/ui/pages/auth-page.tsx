import { useState, type FormEvent } from 'react';
import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';
import { useWorkspaceSettings } from '/imports/ui/hooks/use-workspace';

type Mode = 'sign-in' | 'sign-up' | 'forgot' | 'reset';

function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : 'Something went wrong, please try again';
}

/**
 * Sign in, sign up (also through an invite link, `#/invite/<token>`), forgot password and reset
 * (from the emailed `#/reset-password/<token>` link). The server enforces the sign-up policy;
 * this page only says what it is.
 */
export function AuthPage({
  resetToken,
  inviteToken = null,
  onResetDone,
  onInviteUsed = () => undefined,
}: {
  readonly resetToken: string | null;
  readonly inviteToken?: string | null;
  readonly onResetDone: () => void;
  readonly onInviteUsed?: () => void;
}) {
  const workspace = useWorkspaceSettings();
  const [mode, setMode] = useState<Mode>(resetToken !== null ? 'reset' : inviteToken !== null ? 'sign-up' : 'sign-in');
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      switch (mode) {
        case 'sign-in':
          await Accounts.loginWithPassword(username.trim(), password);
          break;
        case 'sign-up':
          if (password.length < 8) throw { reason: 'Use at least 8 characters for the password' };
          await Accounts.createUser({
            username: username.trim(),
            ...(email.trim() ? { email: email.trim() } : {}),
            password,
            profile: { name: name.trim() || username.trim() },
            ...(inviteToken !== null ? { inviteToken } : {}),
          });
          if (inviteToken !== null) onInviteUsed();
          break;
        case 'forgot':
          await Accounts.forgotPassword({ email: email.trim() });
          setNotice('If that address has an account, a reset link is on its way.');
          break;
        case 'reset':
          if (resetToken === null) return;
          await Accounts.resetPassword(resetToken, password);
          onResetDone();
          break;
        default:
          return mode satisfies never;
      }
    } catch (caught) {
      setError(reasonOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const title = { 'sign-in': 'Welcome back', 'sign-up': 'Create your account', forgot: 'Reset your password', reset: 'Choose a new password' }[mode];
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✦
          </span>{' '}
          {workspace.name}
        </div>
        <h1>{title}</h1>
        {mode === 'sign-up' && (
          <p className="muted signup-rule">
            {inviteToken !== null
              ? `You’re joining ${workspace.name} with an invite link.`
              : workspace.signupPolicy === 'invite-only'
                ? 'This workspace is invite-only: open the invite link you were sent.'
                : workspace.signupPolicy === 'email-domain'
                  ? 'Sign up with your work email address.'
                  : null}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} aria-label={title}>
          {(mode === 'sign-in' || mode === 'sign-up') && (
            <label>
              Username
              <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
            </label>
          )}
          {mode === 'sign-up' && (
            <label>
              Display name
              <input name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="How others see you" />
            </label>
          )}
          {(mode === 'sign-up' || mode === 'forgot') && (
            <label>
              <span>Email {mode === 'sign-up' && <span className="muted">(for password resets)</span>}</span>
              <input
                name="email"
                type="email"
                autoComplete="email"
                required={mode === 'forgot' || (mode === 'sign-up' && inviteToken === null && workspace.signupPolicy === 'email-domain')}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
          )}
          {mode !== 'forgot' && (
            <label>
              {mode === 'reset' ? 'New password' : 'Password'}
              <input
                name="password"
                type="password"
                autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          )}
          {error !== null && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {notice !== null && <p className="form-notice">{notice}</p>}
          <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
            {{ 'sign-in': 'Sign in', 'sign-up': 'Create account', forgot: 'Send reset link', reset: 'Set password' }[mode]}
          </button>
        </form>
        <div className="auth-switch">
          {mode === 'sign-in' ? (
            <>
              <button type="button" className="link" onClick={() => setMode('sign-up')}>
                New here? Create an account
              </button>
              <button type="button" className="link" onClick={() => setMode('forgot')}>
                Forgot password?
              </button>
            </>
          ) : (
            <button type="button" className="link" onClick={() => setMode('sign-in')}>
              Already have an account? Sign in
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
