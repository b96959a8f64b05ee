import { saveMessage } from '/imports/api/messages/save-message';
import { useIsSaved } from '/imports/ui/hooks/use-saved';
import { Icon } from './icon';

/** Saves a message for the signed-in person, or takes it off their saved list (private to them). */
export function SaveMessageButton({ messageId, onError }: { readonly messageId: string; readonly onError: (error: unknown) => void }) {
  const saved = useIsSaved(messageId);
  return (
    <button
      type="button"
      className="icon-btn"
      aria-label={saved ? 'Remove from saved' : 'Save message'}
      title={saved ? 'Remove from saved' : 'Save for later'}
      aria-pressed={saved}
      onClick={() => saveMessage.callAsync({ messageId, saved: !saved }).catch(onError)}
    >
      <Icon name="bookmark" size={16} />
    </button>
  );
}
