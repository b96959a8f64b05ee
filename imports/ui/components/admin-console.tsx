import { AdminInvitesSection } from './admin-invites-section';
import { AdminMembersSection } from './admin-members-section';
import { AdminSettingsSection } from './admin-settings-section';
import { Panel } from './panel';

/**
 * The workspace admin's console: members, workspace settings, default channels and invite links.
 * The server decides who is an admin; the workspace shows this panel to admins only, and closes it
 * when the role goes (the admin publications stop at the same moment).
 */
export function AdminConsole({ selfId, onClose }: { readonly selfId: string; readonly onClose: () => void }) {
  return (
    <Panel title="Admin console" onClose={onClose}>
      <AdminSettingsSection />
      <AdminInvitesSection />
      <AdminMembersSection selfId={selfId} />
    </Panel>
  );
}
