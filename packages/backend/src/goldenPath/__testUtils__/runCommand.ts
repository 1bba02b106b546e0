import { spawn } from 'node:child_process';

/** How a command ended: its exit code (or signal) and its output, stdout and stderr interleaved. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  output: string;
}

/**
 * Runs a command without a shell and collects its output; never throws on a
 * failed command, so a test can show what it printed.
 */
export function runCommand(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
  } = {},
): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, output }));
    child.stdin.end(options.input ?? '');
  });
}

/** `$ command args` and what it printed, for a failed check's message. */
export function describeRun(
  command: string,
  args: string[],
  result: CommandResult,
): string {
  const ended =
    result.signal !== null
      ? `was stopped by ${result.signal}`
      : `exited with ${result.code}`;
  return `$ ${[command, ...args].join(' ')} ${ended}:\n${result.output}`;
}
