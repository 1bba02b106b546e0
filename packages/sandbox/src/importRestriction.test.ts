import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The repository's root `.eslintrc.js` forbids importing the sandbox from code
// that ships. These tests run the ESLint that `backstage-cli repo lint` runs,
// with each package's own config, on a few lines that import the sandbox.

const repoRoot = resolve(__dirname, '../../..');
const RULE = '@typescript-eslint/no-restricted-imports';
const SOURCE = [
  "import { startTestSandbox } from '@internal/sandbox/testUtils';",
  "import type { Sandbox } from '@internal/sandbox';",
  '',
  'export const started: unknown = [startTestSandbox, {} as Sandbox];',
  '',
].join('\n');

/**
 * ESLint's Node API, run in a process of its own from the repository root (in
 * Jest's module sandbox some plugins fail to load), on `SOURCE` placed at
 * each file path.
 */
const LINT_RUNNER = `
const { ESLint } = require('eslint');
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { ignorePatterns: input.unignore },
});
  const found = {};
  for (const file of input.files) {
    const [result] = await eslint.lintText(input.source, { filePath: file });
    found[file] = result.messages.map(m => ({ ruleId: m.ruleId, line: m.line, message: m.message }));
  }
  process.stdout.write(JSON.stringify(found));
})().catch(error => {
  process.stderr.write(String(error.stack));
  process.exit(1);
});
`;

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

/** For each file path (relative to the repository), the lines of `SOURCE` that break the sandbox rule. */
function restrictedLines(
  files: string[],
  { unignore = [] }: { unignore?: string[] } = {},
): Record<string, number[]> {
  const run = spawnSync(process.execPath, ['-e', LINT_RUNNER], {
    cwd: repoRoot,
    input: JSON.stringify({
      source: SOURCE,
      files: files.map(file => join(repoRoot, file)),
      unignore: unignore.map(pattern => `!${pattern}`),
    }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`ESLint failed: ${run.stderr}`);
  }
  const found = JSON.parse(run.stdout) as Record<string, LintMessage[]>;
  const lines: Record<string, number[]> = {};
  for (const file of files) {
    const messages = found[join(repoRoot, file)];
    const fatal = messages.find(m => m.ruleId === null);
    if (fatal) {
      throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
    }
    lines[file] = messages.filter(m => m.ruleId === RULE).map(m => m.line);
  }
  return lines;
}

/** Every workspace of the repository, as `packages/<name>` or `plugins/<name>`. */
async function workspaces(): Promise<string[]> {
  const found: string[] = [];
  for (const parent of ['packages', 'plugins']) {
    for (const entry of await readdir(join(repoRoot, parent), {
      withFileTypes: true,
    })) {
      const dir = `${parent}/${entry.name}`;
      if (
        entry.isDirectory() &&
        existsSync(join(repoRoot, dir, 'package.json'))
      ) {
        found.push(dir);
      }
    }
  }
  return found;
}

describe('importing the sandbox', () => {
  it('is an error in the source of every other package, not in its tests', async () => {
    const others = (await workspaces()).filter(
      dir => dir !== 'packages/sandbox',
    );
    expect(others.length).toBeGreaterThan(2);
    const sources = others.map(dir => `${dir}/src/probe.ts`);
    const tests = others.map(dir => `${dir}/src/probe.test.ts`);
    const lines = restrictedLines([...sources, ...tests]);
    for (const file of sources) {
      expect([file, lines[file]]).toEqual([file, [1, 2]]);
    }
    for (const file of tests) {
      expect([file, lines[file]]).toEqual([file, []]);
    }
  });

  it('is allowed only in tests, test helpers and the browser tests', () => {
    const allowed = [
      'plugins/platform-common/src/naming/probe.test.ts',
      'packages/app/src/probe.test.tsx',
      'packages/backend/src/setupTests.ts',
      'plugins/platform-common/src/__testUtils__/sandbox.ts',
      'packages/app/e2e-tests/helpers.ts',
      'packages/sandbox/src/cli.ts',
    ];
    const forbidden = [
      // A public testUtils entry ships to other packages.
      'plugins/platform-common/src/testUtils/index.ts',
      // So does a plugin's local development setup.
      'plugins/platform-common/dev/index.ts',
      'packages/backend/src/index.ts',
      'packages/app/src/App.tsx',
      'plugins/platform-common/src/probe.spec.ts',
    ];
    const lines = restrictedLines([...allowed, ...forbidden]);
    for (const file of allowed) {
      expect([file, lines[file]]).toEqual([file, []]);
    }
    for (const file of forbidden) {
      expect([file, lines[file]]).toEqual([file, [1, 2]]);
    }
  });

  describe('in a package created with `yarn backstage-cli new`', () => {
    const probes: string[] = [];
    afterAll(async () => {
      for (const dir of probes) {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('is an error for every role its templates make', async () => {
      const templatesDir = join(
        require.resolve('@backstage/cli-module-new/package.json', {
          paths: [repoRoot],
        }),
        '..',
        'templates',
      );
      // The .eslintrc.js each template writes, by the role of its package.
      const roles = new Map<string, string>();
      for (const template of await readdir(templatesDir)) {
        // The package role, as the template's package.json sets it.
        const [, role] = /"role":\s*"([^"]+)"/.exec(
          await readFile(
            join(templatesDir, template, 'package.json.hbs'),
            'utf8',
          ),
        )!;
        roles.set(
          role,
          await readFile(
            join(templatesDir, template, '.eslintrc.js.hbs'),
            'utf8',
          ),
        );
      }
      expect(roles.size).toBeGreaterThan(5);

      const files = new Map<string, string>();
      for (const [role, eslintrc] of roles) {
        // Inside the repository, so ESLint finds the root config as it does
        // for a new package; a dot folder, which the workspace globs skip
        // (and ESLint too, unless told otherwise).
        const dir = await mkdtemp(join(repoRoot, 'plugins', '.lint-probe-'));
        probes.push(dir);
        await writeFile(join(dir, '.eslintrc.js'), eslintrc);
        await writeFile(
          join(dir, 'package.json'),
          JSON.stringify({ name: '@internal/lint-probe', backstage: { role } }),
        );
        files.set(role, relative(repoRoot, join(dir, 'src', 'index.ts')));
      }
      const lines = restrictedLines([...files.values()], {
        unignore: ['.lint-probe-*'],
      });
      for (const [role, file] of files) {
        expect([role, lines[file]]).toEqual([role, [1, 2]]);
      }
    });
  });
});
