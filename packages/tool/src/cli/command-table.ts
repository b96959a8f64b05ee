import type { FlagSpecs } from './parse-args';

export const COMMAND_NAMES = [
  'run',
  'test',
  'build',
  'reset',
  'add',
  'remove',
  'list',
  'shell',
  'mongo',
  'add-platform',
  'remove-platform',
  'list-platforms',
  'help',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandInfo {
  readonly summary: string;
  readonly usage: string;
  readonly flags: FlagSpecs;
}

const help = { help: { kind: 'boolean' } } as const;

export const COMMANDS: Readonly<Record<CommandName, CommandInfo>> = {
  run: {
    summary: 'Run the app in development mode (the default command).',
    usage: `Usage: meteor run [android|android-device|ios|ios-device]... [--port N] [--settings FILE]
                  [--production] [--mobile-server URL]

Starts minimongod on PORT+1 with data in .meteor/local/db (unless MONGO_URL is set), runs
server/main.ts in Node, serves the client through Vite (HMR, React fast refresh) on the same
port, and restarts only the server process when server code changes. Ctrl-C stops everything.

  --port N           port to listen on (default: PORT or 3000)
  --settings FILE    JSON settings for Meteor.settings (only "public" reaches the client)
  --production       serve a production client build instead of Vite's dev server
  --mobile-server URL  the server the mobile app talks to (default: http://<LAN address>:PORT)

With a target (its platform added with meteor add-platform), the server starts first, then the
Cordova app (web.cordova client) runs in the Android emulator, on an Android phone over USB, in
the iOS Simulator or on an iPhone. Without the SDK, Xcode or device a target needs, the command
says which tool is missing and how to get it, and the server keeps running. With a mobile
platform added, the web.cordova client is a production build redone on every change and served
under /__cordova/: phones get each change by hot code push, browsers keep HMR.

Environment: PORT, ROOT_URL (default http://localhost:PORT), MONGO_URL, METEOR_SETTINGS.`,
    flags: { ...help, port: { kind: 'port' }, settings: { kind: 'string' }, production: { kind: 'boolean' }, 'mobile-server': { kind: 'string' } },
  },
  test: {
    summary: "Run the app's tests with mocha on the server (Node) and the client (Chromium).",
    usage: `Usage: meteor test [--once] [--full-app] [--port N] [--settings FILE] [--filter TEXT]...

Test mode loads only *.test[s].* / *.spec[s].* files; --full-app loads the app plus
*.app-test[s].* / *.app-spec[s].* files; package.json "meteor.testModule" overrides both.
Server tests run under mocha in Node against a fresh in-memory minimongod (or MONGO_URL with a
throwaway database); client tests are bundled and run under mocha in headless Chromium
(/usr/bin/chromium, or CHROME_PATH). Ends with "N passed, N failed"; non-zero exit on failure.

  --once             run once and exit (default: re-run when files change)
  --full-app         full-app mode (Meteor.isAppTest is true)
  --port N           port of the test server (default: a free port)
  --settings FILE    JSON settings for Meteor.settings
  --filter TEXT      only test modules whose path contains TEXT (repeatable)

Environment: MOCHA_GREP (only tests whose full title matches, on both sides), MONGO_URL.`,
    flags: {
      ...help,
      once: { kind: 'boolean' },
      'full-app': { kind: 'boolean' },
      port: { kind: 'port' },
      settings: { kind: 'string' },
      filter: { kind: 'string', repeatable: true },
    },
  },
  build: {
    summary: 'Build a production bundle runnable with `node main.js` (and the mobile apps).',
    usage: `Usage: meteor build <dir> [--server URL] [--directory] [--packageType apk|bundle] [--mobile-settings FILE]

Writes a production bundle: the server bundled with esbuild, the client built by Vite with
hashed asset names, and main.js. Run it with \`node main.js\` in the bundle directory; it reads
PORT (3000), ROOT_URL, MONGO_URL and METEOR_SETTINGS. Without MONGO_URL it starts minimongod
with data in PERSEID_DB_PATH (default: ./db next to main.js).

With android or ios in .meteor/platforms, --server is required and <dir>/<platform>/project is
a Cordova project whose www/application holds the client built for web.cordova
(Meteor.isCordova is true there; the server bundle keeps it in bundle/web.cordova and serves it
under /__cordova/ for hot code push), talking to --server
(MOBILE_ROOT_URL / MOBILE_DDP_URL override it). Android is then built with
\`cordova build android\` when an Android SDK, a JDK and Gradle are present; without them the
project is still written and the command lists what is missing (exit 1). iOS: the Xcode project.

  --server URL       the server's URL: ROOT_URL default, and the mobile apps' server
  --directory        write the bundle as <dir>/bundle (a directory); without it a
                     <dir>/<app>.tar.gz archive is written too
  --packageType T    Android output: bundle (.aab, default) or apk
  --mobile-settings FILE
                     settings whose "public" part the mobile apps start with (default:
                     METEOR_SETTINGS)`,
    flags: { ...help, server: { kind: 'string' }, directory: { kind: 'boolean' }, packageType: { kind: 'string' }, 'mobile-settings': { kind: 'string' } },
  },
  reset: {
    summary: 'Delete .meteor/local (the dev database and build output).',
    usage: `Usage: meteor reset

Removes .meteor/local, including the development database. Refuses while \`meteor run\` is
running for this app.`,
    flags: { ...help },
  },
  add: {
    summary: 'Add a package to this project.',
    usage: `Usage: meteor add <package>[@<version>]...

Records Meteor core packages in .meteor/packages (a version constraint is recorded as given;
Perseid runs one version of each). Build-only packages (ecmascript, typescript, rspack, ...) are
accepted as no-ops. Blaze packages and Atmosphere community packages (author:name) are refused
with the reason, and then nothing is written.`,
    flags: { ...help },
  },
  remove: {
    summary: 'Remove a package from this project.',
    usage: 'Usage: meteor remove <package>...\n\nRemoves the packages from .meteor/packages.',
    flags: { ...help },
  },
  list: {
    summary: 'List the packages explicitly used by your project.',
    usage: 'Usage: meteor list\n\nPrints each package of .meteor/packages with its version constraint and summary.',
    flags: { ...help },
  },
  shell: {
    summary: 'Launch a Node REPL for interactively evaluating server-side code.',
    usage: `Usage: meteor shell

Connects to the server that \`meteor run\` is running for this app (through a socket in
.meteor/local/shell that only your user can open) and evaluates what you type in it, with
top-level await: \`await Links.find().countAsync()\`. .exit or Ctrl-D leaves.`,
    flags: { ...help },
  },
  mongo: {
    summary: "Connect to the app's database.",
    usage: `Usage: meteor mongo [--url]

Opens a small shell on the database \`meteor run\` uses (MONGO_URL, or the development
minimongod on PORT+1): db.<collection>.find({...}), findOne, countDocuments, insertOne,
updateOne, deleteOne, aggregate([...]), db.runCommand({...}), show collections, help.
--url prints the connection string instead.`,
    flags: { ...help, url: { kind: 'boolean' }, port: { kind: 'port' } },
  },
  'add-platform': {
    summary: 'Add a Cordova platform (android, ios) to the app.',
    usage: `Usage: meteor add-platform android|ios...

Creates the Cordova project in .meteor/local/cordova-build (config.xml from mobile-config.js)
on first use, adds the platform (cordova-android 15.1.0 / cordova-ios 8.1.1) and then lists it
in .meteor/platforms. Adding a platform needs no SDK; building the app does.`,
    flags: { ...help },
  },
  'remove-platform': {
    summary: 'Remove a Cordova platform from the app.',
    usage: 'Usage: meteor remove-platform android|ios...\n\nRemoves the platform from the Cordova project and from .meteor/platforms.',
    flags: { ...help },
  },
  'list-platforms': {
    summary: 'List the platforms in .meteor/platforms.',
    usage: 'Usage: meteor list-platforms',
    flags: { ...help },
  },
  help: {
    summary: 'Show help for a command.',
    usage: 'Usage: meteor help [command]',
    flags: { ...help },
  },
};

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

export function generalUsage(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  const lines = COMMAND_NAMES.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`);
  return `Usage: meteor [--version] [--help] <command> [options]

Commands:
${lines.join('\n')}

\`meteor\` alone is \`meteor run\`. \`meteor <command> --help\` shows a command's options.`;
}
