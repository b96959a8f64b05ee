// Every method module, imported once on both sides (server handlers, client stubs).
import '/imports/api/channels/methods';
import '/imports/api/emoji/methods';
import '/imports/api/messages/methods';
import '/imports/api/messages/save-message';
import '/imports/api/presence/methods';
import '/imports/api/typing/methods';
import '/imports/api/users/methods';
import '/imports/api/workspace/methods';
