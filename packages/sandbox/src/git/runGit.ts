import { spawn } from 'node:child_process';
import { GitCommandError } from './errors';

export interface GitEnvironmentOptions {
  /** Stands in for the user's home, so their `~/.gitconfig` is never read. */
  homeDir: string;
  /** Extra variables, e.g. `GIT_DIR` or `GIT_INDEX_FILE`. */
  extra?: Record<string, string | undefined>;
}

/**
 * The environment every git process runs with: the caller's variables minus
 * anything git would read configuration or repository locations from, so the
 * sandbox behaves the same on every machine and inside git hooks.
 */
export function gitEnvironment(
  options: GitEnvironmentOptions,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_') && key !== 'XDG_CONFIG_HOME') {
      env[key] = value;
    }
  }
  Object.assign(env, {
    HOME: options.homeDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_LITERAL_PATHSPECS: '1',
    LC_ALL: 'C',
  });
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (value !== undefined) {
      env[key] = value;
    }
  }
  return env;
}

export interface RunGitOptions {
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: Buffer | string;
  /** Exit codes that are answers rather than failures (e.g. 1 for `--quiet` lookups). */
  okExitCodes?: number[];
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `git <args>` without a shell; rejects with GitCommandError on other exit codes. */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    // git may exit before reading all of stdin (e.g. on a bad argument).
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    child.on('close', code => {
      const result = {
        exitCode: code ?? -1,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (
        code === 0 ||
        (code !== null && options.okExitCodes?.includes(code))
      ) {
        resolve(result);
      } else {
        reject(new GitCommandError(args, code, result.stderr));
      }
    });
  });
}

/** Runs git against one repository, with extra environment variables. */
export type RepositoryGit = (
  args: string[],
  options?: {
    input?: Buffer | string;
    env?: Record<string, string>;
    okExitCodes?: number[];
  },
) => Promise<GitResult>;
