import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Who pushes without the right to change workflows, as GitHub names it in
 * its refusal: `actor` (`a Personal Access Token`, `an OAuth App`, `a GitHub
 * App`) and what it lacks (`` `workflow` scope ``; an App's installation
 * `` `workflows` permission ``).
 */
export interface WorkflowRefusal {
  actor: string;
  lacking: string;
}

/**
 * A `proc-receive` hook (git 2.29+) that takes over the ref updates of one
 * push: a ref whose new commits create or change a file under
 * `.github/workflows/` is refused with GitHub's message, in git's own report
 * (`! [remote rejected] main -> main (refusing to allow ...)`); the others
 * are updated as receive-pack would. Written in JavaScript, run by this
 * process's node.
 */
const HOOK = String.raw`
const { execFileSync } = require('node:child_process');
const actor = process.env.SANDBOX_WORKFLOW_ACTOR;
const lacking = process.env.SANDBOX_WORKFLOW_LACKING;
const ZERO = /^0+$/;
let buffer = Buffer.alloc(0);
let ended = false;
const waiting = [];
process.stdin.on('data', chunk => { buffer = Buffer.concat([buffer, chunk]); pump(); });
process.stdin.on('end', () => { ended = true; pump(); });
function next() {
  if (buffer.length < 4) return undefined;
  const length = parseInt(buffer.subarray(0, 4).toString('latin1'), 16);
  if (length === 0) { buffer = buffer.subarray(4); return null; }
  if (buffer.length < length) return undefined;
  const line = buffer.subarray(4, length).toString('utf8').replace(/\n$/, '');
  buffer = buffer.subarray(length);
  return line;
}
function pump() {
  while (waiting.length > 0) {
    const line = next();
    if (line === undefined) {
      if (!ended) return;
      waiting.shift().reject(new Error('proc-receive: unexpected end of input'));
      continue;
    }
    waiting.shift().resolve(line);
  }
}
const read = () => new Promise((resolve, reject) => { waiting.push({ resolve, reject }); pump(); });
async function section() {
  const lines = [];
  for (let line = await read(); line !== null; line = await read()) lines.push(line);
  return lines;
}
const pkt = text => {
  const data = Buffer.from(text + '\n');
  return (data.length + 4).toString(16).padStart(4, '0') + data.toString('utf8');
};
const git = args => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
function workflowChanged(newSha) {
  const commits = git(['rev-list', newSha, '--not', '--all']).split('\n').filter(Boolean);
  for (const commit of commits) {
    const paths = git(['diff-tree', '-r', '--root', '--no-commit-id', '--name-only', '-z', commit]).split('\0');
    const workflow = paths.find(p => p.startsWith('.github/workflows/'));
    if (workflow) return workflow;
  }
  return undefined;
}
async function main() {
  await section();
  process.stdout.write(pkt('version=1') + '0000');
  const reports = [];
  for (const command of await section()) {
    const [oldSha, newSha, ref] = command.split(' ');
    try {
      const workflow = ZERO.test(newSha) ? undefined : workflowChanged(newSha);
      if (workflow) {
        reports.push('ng ' + ref + ' refusing to allow ' + actor + ' to create or update workflow ' + '\u0060' + workflow + '\u0060' + ' without ' + lacking);
        continue;
      }
      if (ZERO.test(newSha)) {
        git(['update-ref', '-d', ref, oldSha]);
      } else {
        git(['update-ref', ref, newSha, ZERO.test(oldSha) ? '' : oldSha]);
      }
      reports.push('ok ' + ref);
    } catch (error) {
      reports.push('ng ' + ref + ' failed to update ref');
    }
  }
  process.stdout.write(reports.map(pkt).join('') + '0000');
}
main().catch(error => { process.stderr.write(String(error) + '\n'); process.exit(1); });
`;

const written = new Map<string, Promise<string>>();

/** Writes the hook into `<rootDir>/.hooks` once; returns that folder. */
function hooksDir(rootDir: string): Promise<string> {
  let dir = written.get(rootDir);
  if (!dir) {
    dir = (async () => {
      const path = join(rootDir, '.hooks');
      await mkdir(path, { recursive: true });
      const hook = join(path, 'proc-receive');
      await writeFile(hook, `#!${process.execPath}\n${HOOK}`);
      await chmod(hook, 0o755);
      return path;
    })();
    written.set(rootDir, dir);
    dir.catch(() => written.delete(rootDir));
  }
  return dir;
}

/**
 * Environment for one receive-pack whose credentials lack the `workflow`
 * scope (or an App's `workflows` permission): the hook above decides each
 * ref, naming them as GitHub's message does.
 */
export async function workflowGuardEnvironment(
  rootDir: string,
  { actor, lacking }: WorkflowRefusal,
): Promise<Record<string, string>> {
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'core.hooksPath',
    GIT_CONFIG_VALUE_0: await hooksDir(rootDir),
    GIT_CONFIG_KEY_1: 'receive.procReceiveRefs',
    GIT_CONFIG_VALUE_1: 'refs/',
    SANDBOX_WORKFLOW_ACTOR: actor,
    SANDBOX_WORKFLOW_LACKING: lacking,
  };
}
