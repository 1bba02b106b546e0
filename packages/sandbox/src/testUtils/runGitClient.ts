import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** How a git command ended; `exitCode` is its exit code. */
export interface GitClientResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the git CLI as a user would against the sandbox, but never prompting
 * and never reading the machine's git configuration or credential helpers:
 * its HOME is `<workDir>/.home`, and it runs in `cwd` (`workDir` by default).
 * Never throws on a failed command.
 */
export async function runGitClient(
  workDir: string,
  args: string[],
  cwd = workDir,
): Promise<GitClientResult> {
  const home = join(workDir, '.home');
  await mkdir(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_') && key !== 'XDG_CONFIG_HOME') {
      env[key] = value;
    }
  }
  Object.assign(env, {
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  });
  const fullArgs = [
    '-c',
    'credential.helper=',
    '-c',
    'user.name=Test User',
    '-c',
    'user.email=test@example.com',
    '-c',
    'init.defaultBranch=main',
    ...args,
  ];
  return new Promise(resolve => {
    execFile('git', fullArgs, { cwd, env }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      resolve({
        exitCode: typeof code === 'number' ? code : 1,
        stdout,
        stderr,
      });
    });
  });
}
