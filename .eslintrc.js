// Every package's own `.eslintrc.js` (the Backstage CLI's eslint-factory, as
// `yarn backstage-cli new` writes it) has no `root: true`, so ESLint merges
// this file under it: rules set here hold for every package, including
// packages created later. A package's own rules win over these, which is why
// the sandbox boundary below uses the TypeScript variant of
// `no-restricted-imports`: the factory configures the plain rule in every
// package and would replace it.
module.exports = {
  root: true,
  overrides: [
    {
      // The sandbox stands in for GitHub and clusters in development and
      // tests only; production code must not reach for it, not even for types.
      files: ['packages/*/**', 'plugins/*/**'],
      // Where it may be imported, kept narrow on purpose:
      // - the sandbox itself;
      // - test files and the test set-up jest loads;
      // - a package's private test helpers (`__testUtils__`), which the
      //   factory already keeps out of non-test code;
      // - the browser tests, which drive the portal against `yarn start`.
      // A package's public `testUtils` entry is not a test: it is built and
      // imported by other packages, and this package is private.
      excludedFiles: [
        'packages/sandbox/**',
        '**/*.test.ts',
        '**/*.test.tsx',
        '**/src/setupTests.ts',
        '**/__testUtils__/**',
        'packages/*/e2e-tests/**',
        'plugins/*/e2e-tests/**',
      ],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: ['@internal/sandbox', '@internal/sandbox/*'],
                message:
                  'The sandbox is for development and tests only: import it from *.test.ts files, __testUtils__ or e2e-tests, never from code that ships.',
              },
            ],
          },
        ],
      },
    },
  ],
};
