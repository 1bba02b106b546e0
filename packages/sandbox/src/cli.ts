import { ConfigSources } from '@backstage/config-loader';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { readSandboxOptions } from './config/readSandboxOptions';
import type { SandboxLogger } from './logger';
import { startSandbox } from './startSandbox';

const USAGE = `Usage: sandbox [--config <app-config.yaml>]... [-- <command> [args...]]

Starts the GitHub- and Kubernetes-compatible servers that the portal config
points at (integrations.github and kubernetes clusters on this machine), when
the config has a 'sandbox' section. Config is read as the backend reads it:
the --config files (app-config.yaml and app-config.local.yaml of the current
folder by default) and APP_CONFIG_* environment variables. With a command after '--', runs it and
stops the sandbox when it exits; otherwise runs until interrupted.`;

const logger: SandboxLogger = {
  info: message => process.stdout.write(`[sandbox] ${message}\n`),
  warn: message => process.stderr.write(`[sandbox] warning: ${message}\n`),
  error: message => process.stderr.write(`[sandbox] error: ${message}\n`),
};

class UsageError extends Error {}

interface CliArguments {
  configPaths: string[];
  command: string[];
}

export function parseArguments(argv: string[]): CliArguments {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  const configPaths: string[] = [];
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--config' && own[i + 1]) {
      configPaths.push(resolve(own[++i]));
    } else if (own[i] === '--help' || own[i] === '-h') {
      throw new UsageError(USAGE);
    } else {
      throw new UsageError(`Unknown argument '${own[i]}'\n\n${USAGE}`);
    }
  }
  return { configPaths, command };
}

export async function main(argv: string[]) {
  let args: CliArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const configRoot = args.configPaths.length
    ? dirname(args.configPaths[0])
    : process.cwd();
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: configRoot,
      argv: args.configPaths.flatMap(path => ['--config', path]),
      watch: false,
    }),
  );
  config.close();
  const options = readSandboxOptions(config, configRoot);
  const sandbox = options
    ? await startSandbox({ ...options, logger })
    : undefined;
  if (!sandbox) {
    logger.info('No sandbox section in the config; nothing to start');
  }

  const shutdown = async (code: number) => {
    await sandbox?.stop();
    process.exit(code);
  };
  if (!args.command.length) {
    process.once('SIGINT', () => shutdown(0));
    process.once('SIGTERM', () => shutdown(0));
    return;
  }
  const child = spawn(args.command[0], args.command.slice(1), {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
}
