/**
 * The house of folders, enforced (issue 12): it reads top-down and no arrow points back up.
 *
 *   src/main.tsx (entry) → src/features → src/app, src/i18n → src/db, src/sync → src/security → src/shared
 *   sync-server/src → src/shared
 *
 * Within the client, sync sits beside db and above it: the sync engine reads db's outbox, db never
 * reaches for sync (the wiring of the engine into a session lives in the composition root,
 * src/app/compose-session.ts). The one named exception is the shell's route table, src/app/Workspace.tsx,
 * which is where the app has to name its screens. `npm run lint:deps` runs this; `npm test` runs it first.
 */

/**
 * Test code: test files and the test folders (test/ with its helpers and fixtures, sync-server/test/).
 * Builders, fixtures and other test support live under test/, never beside production code (the rule
 * no-test-support-in-production below keeps it so), so a test file is the only test code inside src/.
 */
const TEST_CODE = ['\\.test\\.tsx?$', '^test/', '^sync-server/test/'];
const TEST_RE = `(${TEST_CODE.join('|')})`;

/** Folders whose code ships: the PWA and the server. Tests inside them are not production. */
const PRODUCTION = ['^src/', '^sync-server/src/'];

/**
 * Names that say "test support": builders, fixtures, testing/mock/fake/stub helpers, test-* files and
 * test folders. None of them belongs in a production folder (they go to test/helpers or test/fixtures).
 */
const TEST_SUPPORT_NAME = [
  '^(src|sync-server/src)/.*(builders|fixtures?|testing|mocks?|fakes?|stubs?)',
  '^(src|sync-server/src)/(.*/|)(test-|tests?/|__tests__/|__mocks__/)',
].join('|');

/** Production files of a folder (tests beside code may import what they test and test helpers). */
const prod = (path) => ({ path, pathNot: TEST_RE });

const ROUTE_TABLE = '^src/app/Workspace\\.tsx$';

module.exports = {
  forbidden: [
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports tests, test/ helpers, fixtures or test builders.',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: TEST_RE },
      to: { path: TEST_RE },
    },
    {
      name: 'no-test-support-in-production',
      comment:
        'Builders, fixtures and testing helpers live under test/ (helpers, fixtures), not in src/ or sync-server/src/: ' +
        'any file there whose name or folder says so is an error, whether or not anything imports it.',
      severity: 'error',
      // A dependents rule selects modules by path alone (any with fewer than 100 importers, the schema's
      // ceiling), so a file is caught for existing, also when it imports nothing and nothing imports it;
      // the next rule catches one with more importers as soon as it imports anything.
      module: { path: TEST_SUPPORT_NAME, pathNot: TEST_RE, numberOfDependentsLessThan: 100 },
      from: {},
    },
    {
      name: 'no-test-support-in-production-importing',
      comment: 'The same rule for a test-support file in src/ or sync-server/src/ that imports anything.',
      severity: 'error',
      from: { path: TEST_SUPPORT_NAME, pathNot: TEST_RE },
      to: {},
    },
    {
      name: 'nothing-below-imports-features',
      comment: 'Screens are the top floor: nothing under them imports them (the shell only from its route table, below).',
      severity: 'error',
      from: prod('^src/(i18n|db|sync|security|shared)/'),
      to: { path: '^src/features/' },
    },
    {
      name: 'app-imports-features-only-from-route-table',
      comment: 'The shell names its screens in one place, the route table (src/app/Workspace.tsx).',
      severity: 'error',
      from: { path: '^src/app/', pathNot: [ROUTE_TABLE, TEST_RE].join('|') },
      to: { path: '^src/features/' },
    },
    {
      name: 'nothing-below-imports-app',
      comment: 'The shell and its composition root (compose-client, compose-session) sit above db, sync and the texts.',
      severity: 'error',
      from: prod('^src/(i18n|db|sync|security|shared)/'),
      to: { path: '^src/app/' },
    },
    {
      name: 'texts-are-for-screens',
      comment: 'db, sync and security return codes; the screens and the shell turn them into words (src/i18n).',
      severity: 'error',
      from: prod('^src/(db|sync|security|shared)/'),
      to: { path: '^src/i18n/' },
    },
    {
      name: 'db-never-imports-sync',
      comment: 'sync uses db (its outbox); db never reaches up for sync. The two are wired in src/app/compose-session.ts.',
      severity: 'error',
      from: prod('^src/db/'),
      to: { path: '^src/sync/' },
    },
    {
      name: 'security-imports-only-shared',
      comment: 'src/security (keys, sealing) sits under db and sync and depends on src/shared only.',
      severity: 'error',
      from: prod('^src/security/'),
      to: { path: '^src/(db|sync)/' },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'src/shared is imported by both sides: it imports no other folder of the repository.',
      severity: 'error',
      from: prod('^src/shared/'),
      to: { path: '^(src|sync-server|test)/', pathNot: '^src/shared/' },
    },
    {
      name: 'shared-imports-no-node-builtin',
      comment: 'src/shared runs on the tablet and the server alike: no node:* module.',
      severity: 'error',
      from: prod('^src/shared/'),
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-imports-no-framework',
      comment: 'src/shared runs on the tablet and the server alike: no react, dexie, fastify, database driver or i18n runtime.',
      severity: 'error',
      from: prod('^src/shared/'),
      to: {
        path: 'node_modules/(react|react-dom|dexie|fastify|@fastify/[^/]+|better-sqlite3|pg|kysely|i18next|react-i18next)/',
      },
    },
    {
      name: 'server-imports-only-shared-from-src',
      comment: 'The sync server shares src/shared with the client and nothing else of src/.',
      severity: 'error',
      from: prod('^sync-server/src/'),
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'client-never-imports-server',
      comment: 'The PWA talks to the server over HTTP only.',
      severity: 'error',
      from: prod('^src/'),
      to: { path: '^sync-server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-server)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
