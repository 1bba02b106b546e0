import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian package that holds both binaries; `.ci/run` installs it. */
const PACKAGE_HINT =
  'install the Debian package "prometheus" (apt-get install -y prometheus), which .ci/run does';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * A Prometheus binary's path, for tests that need it. Outside CI a machine
 * without it gets undefined and skips those tests (`skipNote` says why in
 * their title); in CI (CI=true) a missing binary fails the test file with
 * this message, so the proof cannot silently vanish.
 */
export function findBinary(
  name: 'promtool' | 'prometheus',
): string | undefined {
  const binary = onPath(name);
  if (!binary && process.env.CI === 'true') {
    throw new Error(`${name} is not on PATH: ${PACKAGE_HINT}`);
  }
  return binary;
}

/** A title suffix for tests skipped for want of a binary. */
export function skipNote(name: string, binary: string | undefined): string {
  return binary ? '' : ` (skipped: ${name} is not on PATH; ${PACKAGE_HINT})`;
}

/** Runs a binary; resolves with its output, rejects with it on a non-zero exit. */
export async function runBinary(
  binary: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<string> {
  try {
    const { stdout, stderr } = await run(binary, args, {
      cwd: options.cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as {
      stdout?: string;
      stderr?: string;
    };
    throw new Error(
      `${binary} ${args.join(' ')} failed:\n${stdout}${stderr}`.trim(),
    );
  }
}
