#!/usr/bin/env node
/*
 * Startup and bundle benchmark.
 *
 * Measures the frontend bundle (initial scripts and all JS, raw and gzip) and
 * the backend's cold start in dev mode (seconds to ready, RSS after 15 s idle),
 * and compares each figure with the baseline of an untouched create-app.
 *
 * The figures are information: slowness never fails the run. The exit code is
 * non-zero only when a figure could not be measured.
 *
 * Usage: yarn bench [--no-build] [--no-frontend] [--no-backend]
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MB = 1_000_000; // decimal megabytes
const GZIP_LEVEL = zlib.constants.Z_DEFAULT_COMPRESSION; // zlib's default, level 6
const READY_TIMEOUT_MS = 120_000;
const POLL_INTERVAL_MS = 100;
const IDLE_MS = 15_000;
const TARGET_RATIO = 1.1; // each figure within +10% of its baseline
const RESERVED_PORTS = new Set([3000, 7007]); // the developer's own portal
// Lines that tell a backend crash: the backend's own startup failure, and the
// trailer Node.js prints after an uncaught exception.
const CRASH_MARKERS = [
  /Backend failed to start up/,
  /^Node\.js v\d+\.\d+\.\d+$/,
];

const RESTART_MARKER = /Change detected, restarting the development server/;
const RESTART_MESSAGE =
  'a watched file changed and the CLI restarted the backend; measure again on an untouched tree';

// Untouched create-app on the project's 2-core machines.
const BASELINES = {
  readySeconds: 10,
  backendRssMb: 490,
  initialJsGzipMb: 0.84,
  allJsGzipMb: 3.7,
};

const HELP = `Usage: node bench/startup-and-bundle.mjs [options]

  --no-build       measure the existing packages/app/dist instead of building the app
  --no-frontend    skip the frontend bundle figures
  --no-backend     skip the backend cold start figures
  --runs N         start the backend N times and report the median (default 1)
  --compare DIR    measure another installed Backstage checkout the same way
                   (e.g. an untouched create-app), its backend runs interleaved
                   with ours, and compare with it too
  --help           show this help
`;

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function yarnCommand(root) {
  const rc = fs.readFileSync(path.join(root, '.yarnrc.yml'), 'utf8');
  const match = rc.match(/^yarnPath:\s*['"]?([^'"\s]+)['"]?\s*$/m);
  if (!match) {
    throw new Error(`${root}/.yarnrc.yml has no yarnPath`);
  }
  return [process.execPath, path.resolve(root, match[1])];
}

function appDistOf(root) {
  return path.join(root, 'packages', 'app', 'dist');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function mb(bytes) {
  return (bytes / MB).toFixed(2);
}

// ---------------------------------------------------------------- frontend --

function buildApp(root) {
  const [node, yarn] = yarnCommand(root);
  log(`building the app in ${root} (yarn workspace app build)...`);
  const started = Date.now();
  const result = spawnSync(node, [yarn, 'workspace', 'app', 'build'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    const tail = output.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `app build failed (${
        result.error?.message ?? `exit ${result.status}`
      }):\n${tail}`,
    );
  }
  log(`app built in ${seconds.toFixed(1)} s`);
  return seconds;
}

function attribute(tag, name) {
  const match = tag.match(
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'),
  );
  return match ? match[1] ?? match[2] ?? match[3] : undefined;
}

/** Maps a script URL of index.html to the file in packages/app/dist. */
function distFileOf(url, appDist) {
  const pathname = new URL(url, 'http://app.invalid/').pathname;
  const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  const direct = path.join(appDist, relative);
  if (fs.existsSync(direct)) {
    return direct;
  }
  // The app may be served under a base path (app.baseUrl with a path).
  const staticAt = relative.indexOf('static/');
  if (staticAt > 0) {
    const underStatic = path.join(appDist, relative.slice(staticAt));
    if (fs.existsSync(underStatic)) {
      return underStatic;
    }
  }
  throw new Error(`index.html refers to ${url}, not found in ${appDist}`);
}

function initialScripts(appDist) {
  const html = fs.readFileSync(path.join(appDist, 'index.html'), 'utf8');
  const urls = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src) {
      urls.push(src);
    }
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(tag, 'href');
    if (href && rel.includes('modulepreload')) {
      urls.push(href);
    }
  }
  return [...new Set(urls.map(url => distFileOf(url, appDist)))];
}

function jsFilesUnder(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...jsFilesUnder(full));
    } else if (entry.isFile() && /\.m?js$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

function sizes(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = fs.readFileSync(file);
    raw += content.length;
    gzip += zlib.gzipSync(content, { level: GZIP_LEVEL }).length;
  }
  return { count: files.length, raw, gzip };
}

function measureFrontend(root, { build }) {
  const buildSeconds = build ? buildApp(root) : undefined;
  const appDist = appDistOf(root);
  if (!fs.existsSync(path.join(appDist, 'index.html'))) {
    throw new Error(
      `${path.relative(
        ROOT,
        appDist,
      )}/index.html not found; run without --no-build`,
    );
  }
  const initial = sizes(initialScripts(appDist));
  const all = sizes(jsFilesUnder(path.join(appDist, 'static')));
  return { buildSeconds, initial, all };
}

// ----------------------------------------------------------------- backend --

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function unreservedFreePort() {
  for (;;) {
    const port = await freePort();
    if (!RESERVED_PORTS.has(port)) {
      return port;
    }
  }
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // the process is gone
  }
}

/** The pid and all its descendants, via /proc/<pid>/task/<tid>/children. */
function processTree(rootPid) {
  const pids = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pids.includes(pid)) {
      continue;
    }
    pids.push(pid);
    let tasks = [];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = readProc(pid, `task/${tid}/children`) ?? '';
      for (const child of children.trim().split(/\s+/).filter(Boolean)) {
        queue.push(Number(child));
      }
    }
  }
  return pids;
}

function rssOf(pid) {
  const status = readProc(pid, 'status');
  const match = status?.match(/^VmRSS:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) * 1024 : 0;
}

function commandOf(pid, root) {
  const cmdline = readProc(pid, 'cmdline') ?? '';
  return cmdline
    .split('\0')
    .filter(Boolean)
    .map((arg, i) => {
      if (i === 0 && arg === process.execPath) {
        return 'node';
      }
      return arg.startsWith(root) ? path.relative(root, arg) || '.' : arg;
    })
    .join(' ');
}

function memoryOf(rootPid, root) {
  const processes = processTree(rootPid)
    .map(pid => ({ pid, rss: rssOf(pid), command: commandOf(pid, root) }))
    .filter(p => p.rss > 0);
  const total = processes.reduce((sum, p) => sum + p.rss, 0);
  const largest = processes.reduce((a, b) => (b.rss > a.rss ? b : a), {
    rss: 0,
  });
  return { processes, total, largest };
}

async function isReady(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopTree(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  const exited = new Promise(resolve => child.once('exit', resolve));
  const signal = sig => {
    try {
      process.kill(-child.pid, sig); // the whole process group
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const force = setTimeout(() => signal('SIGKILL'), 10_000);
  return exited.then(() => {
    clearTimeout(force);
    signal('SIGKILL'); // stragglers of the group, if any
  });
}

async function measureBackend(root) {
  const [node, yarn] = yarnCommand(root);
  const port = await unreservedFreePort();
  const baseUrl = `http://localhost:${port}`;
  const readinessUrl = `http://127.0.0.1:${port}/.backstage/health/v1/readiness`;
  log(`starting the backend of ${root} in dev mode on port ${port}...`);

  const started = Date.now();
  const child = spawn(node, [yarn, 'workspace', 'backend', 'start'], {
    cwd: root,
    detached: true, // own process group, so the whole tree can be stopped
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_baseUrl: baseUrl,
      APP_CONFIG_app_baseUrl: baseUrl,
      APP_CONFIG_backend_database_connection: ':memory:',
      FORCE_COLOR: '0',
    },
  });
  const output = [];
  // The CLI restarts the backend when a file it loaded changes; such a run
  // measures a warm restart, not a cold start.
  let restarted = false;
  const keep = chunk => {
    const lines = chunk.toString().split('\n');
    restarted ||= lines.some(line => RESTART_MARKER.test(line));
    output.push(...lines);
    output.splice(0, Math.max(0, output.length - 60));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit;
  child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  const stopOnInterrupt = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(130);
  };
  process.once('SIGINT', stopOnInterrupt);
  process.once('SIGTERM', stopOnInterrupt);

  try {
    let readySeconds;
    while (readySeconds === undefined) {
      if (exit) {
        throw new Error(
          `backend stopped before it was ready (${exit}):\n${output.join(
            '\n',
          )}`,
        );
      }
      // In dev mode the CLI outlives a crashed backend, waiting for a change.
      if (output.some(line => CRASH_MARKERS.some(re => re.test(line)))) {
        throw new Error(`backend failed to start:\n${output.join('\n')}`);
      }
      if (Date.now() - started > READY_TIMEOUT_MS) {
        throw new Error(
          `backend not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output
            .slice(-30)
            .join('\n')}`,
        );
      }
      if (restarted) {
        throw new Error(RESTART_MESSAGE);
      }
      if (await isReady(readinessUrl)) {
        readySeconds = (Date.now() - started) / 1000;
      } else {
        await sleep(POLL_INTERVAL_MS);
      }
    }
    log(`ready after ${readySeconds.toFixed(1)} s; idling ${IDLE_MS / 1000} s`);
    await sleep(IDLE_MS);
    if (exit) {
      throw new Error(`backend stopped while idle (${exit})`);
    }
    if (restarted) {
      throw new Error(RESTART_MESSAGE);
    }
    const memory = memoryOf(child.pid, root);
    return { port, readySeconds, memory };
  } finally {
    await stopTree(child);
    process.removeListener('SIGINT', stopOnInterrupt);
    process.removeListener('SIGTERM', stopOnInterrupt);
  }
}

// ------------------------------------------------------------------ report --

function table(rows) {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(row => String(row[i]).length)),
  );
  return rows
    .map(row =>
      row
        .map((cell, i) =>
          i === 0
            ? String(cell).padEnd(widths[i])
            : String(cell).padStart(widths[i]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function frontendLines({ initial, all, buildSeconds }) {
  const sized = ({ count, raw, gzip }) =>
    `${count} files, ${mb(raw)} MB raw, ${mb(gzip)} MB gzip`;
  const lines = [
    'Frontend (packages/app/dist; MB = 10^6 bytes; gzip = zlib level 6, the default)',
  ];
  if (buildSeconds !== undefined) {
    lines.push(`  app build time:    ${buildSeconds.toFixed(1)} s`);
  }
  lines.push(
    `  initial scripts:   ${sized(initial)}`,
    `  all JS in static/: ${sized(all)}`,
  );
  return lines;
}

function backendLines(runs) {
  const idle = IDLE_MS / 1000;
  const lines = [
    `Backend in dev mode (yarn workspace backend start, in-memory SQLite), ${
      runs.length
    } run${runs.length > 1 ? 's' : ''}`,
    `  ready: first 200 from /.backstage/health/v1/readiness; RSS: after ${idle} s idle`,
  ];
  for (const [index, { readySeconds, memory, port }] of runs.entries()) {
    lines.push(
      `  run ${index + 1} (port ${port}): ready after ${readySeconds.toFixed(
        1,
      )} s; RSS ${mb(
        memory.largest.rss,
      )} MB backend process alone (largest), ${mb(
        memory.total,
      )} MB whole process tree (${memory.processes.length} processes)`,
    );
  }
  if (runs.length > 1) {
    const { readySeconds, backendRss } = medianOf(runs);
    lines.push(
      `  median: ready after ${readySeconds.toFixed(1)} s; RSS ${mb(
        backendRss,
      )} MB backend process alone`,
    );
  }
  lines.push(`  processes of run ${runs.length}:`);
  for (const { pid, rss, command } of runs[runs.length - 1].memory.processes) {
    const rssMb = mb(rss).padStart(7);
    lines.push(`    pid ${String(pid).padEnd(7)} ${rssMb} MB  ${command}`);
  }
  return lines;
}

function medianOf(runs) {
  return {
    readySeconds: median(runs.map(run => run.readySeconds)),
    backendRss: median(runs.map(run => run.memory.largest.rss)),
  };
}

/** The figures compared, in the units of the baselines. */
function figuresOf({ frontend, backend }) {
  const medians = backend.length > 0 ? medianOf(backend) : undefined;
  return {
    readySeconds: medians?.readySeconds,
    backendRssMb: medians && medians.backendRss / MB,
    initialJsGzipMb: frontend && frontend.initial.gzip / MB,
    allJsGzipMb: frontend && frontend.all.gzip / MB,
  };
}

const FIGURES = [
  ['backend ready', 'readySeconds', 's', 1],
  ['backend RSS', 'backendRssMb', 'MB', 0],
  ['initial JS gzip', 'initialJsGzipMb', 'MB', 2],
  ['all JS gzip', 'allJsGzipMb', 'MB', 2],
];

function verdict(value, reference) {
  if (value === undefined || reference === undefined) {
    return ['-', 'not measured'];
  }
  const ratio = value / reference;
  return [
    ratio.toFixed(2),
    ratio <= TARGET_RATIO ? 'within target' : 'over target',
  ];
}

function comparisonTable(ours, compared) {
  const format = (value, unit, digits) =>
    value === undefined ? '-' : `${value.toFixed(digits)} ${unit}`;
  const header = ['figure', 'measured', 'baseline', 'ratio', 'result'];
  if (compared) {
    header.push('compared app', 'ratio', 'result');
  }
  const rows = FIGURES.map(([label, key, unit, digits]) => {
    const row = [
      label,
      format(ours[key], unit, digits),
      `${BASELINES[key]} ${unit}`,
      ...verdict(ours[key], BASELINES[key]),
    ];
    if (compared) {
      row.push(
        format(compared[key], unit, digits),
        ...verdict(ours[key], compared[key]),
      );
    }
    return row;
  });
  return table([header, ...rows]);
}

function report(results) {
  const lines = [];
  for (const { label, root, frontend, backend } of results) {
    if (results.length > 1) {
      lines.push(`== ${label}: ${root}`, '');
    }
    if (frontend) {
      lines.push(...frontendLines(frontend), '');
    }
    if (backend.length > 0) {
      lines.push(...backendLines(backend), '');
    }
  }
  const percent = Math.round((TARGET_RATIO - 1) * 100);
  const [ours, compared] = results.map(figuresOf);
  lines.push(
    compared
      ? `Compared with the baseline of an untouched create-app and with the compared app, measured now (target: within +${percent}%; medians)`
      : `Compared with an untouched create-app (target: within +${percent}% of baseline)`,
    comparisonTable(ours, compared),
  );
  return `${lines.join('\n')}\n`;
}

function parseArgs(argv) {
  const flags = ['--no-build', '--no-frontend', '--no-backend', '--help', '-h'];
  const options = { runs: 1, compare: undefined, errors: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (flags.includes(arg)) {
      options[arg] = true;
    } else if (arg === '--runs') {
      options.runs = Number(argv[++i]);
      if (!Number.isInteger(options.runs) || options.runs < 1) {
        options.errors.push('--runs takes a whole number of at least 1');
      }
    } else if (arg === '--compare') {
      const dir = argv[++i];
      if (!dir || !fs.existsSync(path.join(dir, 'packages', 'backend'))) {
        options.errors.push(
          '--compare takes the folder of an installed Backstage app (with packages/backend)',
        );
      } else {
        options.compare = path.resolve(dir);
      }
    } else {
      options.errors.push(`Unknown option: ${arg}`);
    }
  }
  return options;
}

async function main(argv) {
  const options = parseArgs(argv);
  if (options['--help'] || options['-h'] || options.errors.length) {
    if (options.errors.length) {
      process.stderr.write(`${options.errors.join('\n')}\n\n`);
    }
    process.stdout.write(HELP);
    return options.errors.length ? 2 : 0;
  }

  const results = [{ label: 'this portal', root: ROOT, backend: [] }];
  if (options.compare) {
    results.push({ label: 'compared app', root: options.compare, backend: [] });
  }
  const failures = [];

  if (!options['--no-frontend']) {
    for (const result of results) {
      try {
        result.frontend = measureFrontend(result.root, {
          build: !options['--no-build'],
        });
      } catch (error) {
        failures.push(`frontend of ${result.root}: ${error.message}`);
      }
    }
  }
  if (!options['--no-backend']) {
    // Interleaved, so that a change in the machine's load falls on both alike.
    for (let run = 0; run < options.runs && failures.length === 0; run++) {
      for (const result of results) {
        try {
          result.backend.push(await measureBackend(result.root));
        } catch (error) {
          failures.push(`backend of ${result.root}: ${error.message}`);
          break;
        }
      }
    }
  }

  process.stdout.write(report(results));

  if (failures.length) {
    process.stderr.write(`\nCould not measure:\n${failures.join('\n\n')}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
