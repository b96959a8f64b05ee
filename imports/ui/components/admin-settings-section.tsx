import { useEffect, useState } from 'react';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import type { SignupPolicy } from '/imports/api/workspace/collection';
import { setDefaultChannels, setSignupPolicy, setWorkspaceName } from '/imports/api/workspace/methods';
import { WORKSPACE_NAME_MAX } from '/imports/api/workspace/schema';
import { channels } from '/imports/ui/data/client-collections';
import { useWorkspaceSettings } from '/imports/ui/hooks/use-workspace';
import { ErrorLine, useAction } from './panel-actions';

const POLICY_CHOICES: ReadonlyArray<{ value: SignupPolicy; label: string; hint: string }> = [
  { value: 'open', label: 'Anyone', hint: 'Anyone who reaches this site can create an account.' },
  { value: 'invite-only', label: 'Invite only', hint: 'Only people with a valid invite link can create an account.' },
  { value: 'email-domain', label: 'Email domains', hint: 'Addresses at the domains below can sign up; invite links work too.' },
];

/** Domains as typed: separated by commas, spaces or lines, '@' allowed in front. */
export function parseDomains(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((d) => d.trim().replace(/^@/, '').toLowerCase())
        .filter((d) => d.length > 0),
    ),
  ];
}

/** A saved confirmation that screen readers announce. */
function Saved({ shown }: { readonly shown: boolean }) {
  return (
    <span className="form-notice" role="status">
      {shown ? 'Saved.' : ''}
    </span>
  );
}

/** Workspace name, who may sign up, and the channels new members join. */
export function AdminSettingsSection() {
  useSubscribe('admin.workspace');
  const settings = useWorkspaceSettings();
  const [name, setName] = useState(settings.name);
  const [policy, setPolicy] = useState<SignupPolicy>(settings.signupPolicy);
  const [domains, setDomains] = useState(settings.allowedDomains.join(', '));
  const [saved, setSaved] = useState<'name' | 'signup' | 'channels' | null>(null);
  const [error, act] = useAction();
  // Another admin's change shows up here unless this admin is editing the same field.
  useEffect(() => setName(settings.name), [settings.name]);
  useEffect(() => setPolicy(settings.signupPolicy), [settings.signupPolicy]);
  // Keyed by the text, not the array: a re-published list with the same domains keeps the field as typed.
  const domainsText = settings.allowedDomains.join(', ');
  useEffect(() => setDomains(domainsText), [domainsText]);
  const save = (which: 'name' | 'signup' | 'channels', run: () => Promise<unknown>): void => {
    setSaved(null);
    act(async () => {
      await run();
      setSaved(which);
    });
  };
  return (
    <>
      <section className="panel-section" aria-labelledby="admin-workspace-heading">
        <h3 id="admin-workspace-heading">Workspace</h3>
        <ErrorLine error={error} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save('name', () => setWorkspaceName.callAsync({ name }));
          }}
        >
          <label>
            Workspace name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={WORKSPACE_NAME_MAX} required />
          </label>
          <button className="btn btn-small btn-primary" type="submit">
            Save name
          </button>{' '}
          <Saved shown={saved === 'name'} />
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save('signup', () => setSignupPolicy.callAsync({ policy, allowedDomains: policy === 'email-domain' ? parseDomains(domains) : [] }));
          }}
        >
          <fieldset className="choice-group">
            <legend>Who may sign up</legend>
            {POLICY_CHOICES.map((choice) => (
              <label key={choice.value} className="checkbox">
                <input type="radio" name="signup-policy" value={choice.value} checked={policy === choice.value} onChange={() => setPolicy(choice.value)} />
                <span>
                  {choice.label} <span className="muted">— {choice.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {policy === 'email-domain' && (
            <label>
              Allowed email domains
              <input
                value={domains}
                onChange={(e) => setDomains(e.target.value)}
                placeholder="example.com, example.org"
                aria-describedby="domains-hint"
                required
              />
              <span id="domains-hint" className="muted">
                Separate them with commas.
              </span>
            </label>
          )}
          <button className="btn btn-small btn-primary" type="submit">
            Save sign-up rule
          </button>{' '}
          <Saved shown={saved === 'signup'} />
        </form>
      </section>
      <DefaultChannels
        current={settings.defaultChannelIds}
        onSave={(ids) => save('channels', () => setDefaultChannels.callAsync({ channelIds: ids }))}
        saved={saved === 'channels'}
      />
    </>
  );
}

function DefaultChannels({
  current,
  onSave,
  saved,
}: {
  readonly current: readonly string[];
  readonly onSave: (ids: string[]) => void;
  readonly saved: boolean;
}) {
  useSubscribe('channels.directory', {});
  const candidates = useTracker(() => channels.find({ kind: 'public', archived: { $ne: true } }, { sort: { name: 1 } }).fetch(), []);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(current));
  // Keyed by the ids, not the array: a re-published list with the same channels keeps the choice.
  const currentKey = current.join(',');
  useEffect(() => setChosen(new Set(currentKey === '' ? [] : currentKey.split(','))), [currentKey]);
  return (
    <section className="panel-section" aria-labelledby="admin-defaults-heading">
      <h3 id="admin-defaults-heading">Default channels</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave([...chosen].filter((id) => id !== 'general'));
        }}
      >
        <fieldset className="choice-group">
          <legend>New members join #general and these channels when they first sign in</legend>
          {candidates
            .filter((c) => c._id !== 'general')
            .map((channel) => (
              <label key={channel._id} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.has(channel._id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(channel._id);
                    else next.delete(channel._id);
                    setChosen(next);
                  }}
                />
                #{channel.name}
              </label>
            ))}
          {candidates.length <= 1 && <p className="muted">No other public channels yet.</p>}
        </fieldset>
        <button className="btn btn-small btn-primary" type="submit">
          Save default channels
        </button>{' '}
        <Saved shown={saved} />
      </form>
    </section>
  );
}
