'use strict';

const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { join } = require('node:path');
const readline = require('node:readline');

/**
 * Runs `node src/main.js` on a free port with `env` added. `logs` collects its
 * standard output, parsed line by line as JSON (a line that is not JSON fails
 * the parse); `waitFor(message)` resolves with the first line of that message.
 */
async function startService(env = {}) {
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SERVICE_NAME: 'test-service', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const waiting = [];
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  readline.createInterface({ input: child.stdout }).on('line', line => {
    const entry = JSON.parse(line);
    logs.push(entry);
    for (const waiter of waiting.filter(w => w.message === entry.message)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(entry);
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, stderr }));

  function waitFor(message) {
    const found = logs.find(entry => entry.message === message);
    if (found) return Promise.resolve(found);
    return Promise.race([
      new Promise(resolve => waiting.push({ message, resolve })),
      exited.then(({ code }) => {
        throw new Error(`The service exited (${code}) before logging "${message}": ${stderr}`);
      }),
    ]);
  }

  const { port } = await waitFor('listening');
  return {
    child,
    logs,
    waitFor,
    exited,
    url: 'http://127.0.0.1:' + port,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

module.exports = { startService };
