import { AuthPage } from '/imports/ui/pages/auth-page';
import { WorkspacePage } from '/imports/ui/pages/workspace-page';
import { useRoute } from '/imports/ui/hooks/use-route';
import { useSession } from '/imports/ui/hooks/use-session';
import { useServerReach } from '/imports/ui/hooks/use-server-reach';
import { UnreachableScreen } from '/imports/ui/components/unreachable-screen';

/**
 * Signed out: the auth page. Signed in: the workspace. While a stored login resumes: a splash.
 * A server never reached: the unreachable screen, whatever the session.
 */
export function App() {
  const session = useSession();
  const reach = useServerReach();
  const [route, navigate] = useRoute();
  if (reach.state === 'unreachable') return <UnreachableScreen retryAt={reach.retryAt} />;
  // A resuming login already knows the stored user id (as in Meteor) but not the user yet. A
  // sign-in or sign-up typed on the auth page has no id yet: that page stays, so its refusal shows.
  if (session.state === 'logging-in' && session.userId !== null && session.user === null) {
    return (
      <div className="splash" role="status">
        <span className="brand-mark" aria-hidden="true">
          ✦
        </span>{' '}
        Signing you in…
      </div>
    );
  }
  if (session.userId === null) {
    return (
      <AuthPage
        resetToken={route.kind === 'reset-password' ? route.token : null}
        inviteToken={route.kind === 'invite' ? route.token : null}
        onResetDone={() => navigate('#/')}
        onInviteUsed={() => navigate('#/')}
      />
    );
  }
  return (
    <WorkspacePage
      session={{ ...session, userId: session.userId }}
      channelId={route.kind === 'channel' ? route.channelId : null}
      messageId={route.kind === 'channel' ? route.messageId : null}
      navigate={navigate}
    />
  );
}
