import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { WORKSPACE_ID, Workspace, settingsOf } from '/imports/api/workspace/collection';

const workspace = Workspace;

/** The workspace settings as this client sees them, live: name and sign-up policy for everyone, the rest for admins. */
export function useWorkspaceSettings(): ReturnType<typeof settingsOf> {
  useSubscribe('workspace.public');
  return useTracker(() => settingsOf(workspace.findOne({ _id: WORKSPACE_ID })), []);
}
