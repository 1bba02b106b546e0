import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';
import type { SandboxLogger } from '../../logger';

export interface HttpBackendRequest {
  req: Request;
  res: Response;
  /** Environment with the git isolation and the CGI variables set. */
  env: NodeJS.ProcessEnv;
  logger?: SandboxLogger;
  /** Runs after git exited and before the response ends. */
  beforeEnd?: () => Promise<void>;
}

/** Where the CGI headers end: a blank line, CRLF or LF. */
function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    return { at: crlf, length: 4 };
  }
  return lf >= 0 ? { at: lf, length: 2 } : undefined;
}

/**
 * Runs one request through `git http-backend` (CGI): the request body is
 * streamed to its stdin, its `Status:` and headers become the response's,
 * and the rest of its output is streamed back. Resolves once git exited.
 */
export function runHttpBackend({
  req,
  res,
  env,
  logger,
  beforeEnd,
}: HttpBackendRequest): Promise<void> {
  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let head = Buffer.alloc(0);
    let headersSent = false;
    const stderr: Buffer[] = [];

    const fail = (message: string) => {
      if (!res.headersSent) {
        res.status(500).type('text/plain').send(`${message}\n`);
      } else {
        res.destroy();
      }
    };

    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = headerEnd(head);
      if (!end) {
        return;
      }
      child.stdout.off('data', onData);
      headersSent = true;
      let status = 200;
      for (const line of head
        .subarray(0, end.at)
        .toString('latin1')
        .split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') {
          status = Number.parseInt(value, 10) || 500;
        } else {
          res.append(name, value);
        }
      }
      res.status(status);
      res.write(head.subarray(end.at + end.length));
      child.stdout.pipe(res, { end: false });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64) {
        stderr.push(chunk);
      }
    });

    // A client that goes away takes git with it.
    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
      }
    });
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);

    let finished = false;
    child.on('error', error => {
      if (finished) {
        return;
      }
      finished = true;
      logger?.error('Could not run git http-backend', { error: String(error) });
      fail('Could not run git');
      resolve();
    });
    child.on('close', async code => {
      if (finished) {
        return;
      }
      finished = true;
      const message = Buffer.concat(stderr).toString('utf8').trim();
      if (code !== 0 || message) {
        logger?.warn('git http-backend reported a problem', {
          path: req.path,
          exitCode: code,
          stderr: message,
        });
      }
      try {
        await beforeEnd?.();
      } catch (error) {
        logger?.error('Could not finish a git request', {
          error: String(error),
        });
      }
      if (!headersSent) {
        fail('git http-backend sent no response');
      } else if (!res.writableEnded) {
        res.end();
      }
      resolve();
    });
  });
}
