/*
 * The repository's workspace packages, for the scripts that keep generated
 * files in step with their sources.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

/**
 * The folders of the workspace packages (the root's `workspaces` globs, in
 * their `dir/*` form) that hold `file`, a path inside the package.
 */
export function workspacePackagesWith(file) {
  const { workspaces } = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  );
  return workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) {
      throw new Error(`Unsupported workspaces pattern '${pattern}'`);
    }
    const parent = path.join(ROOT, pattern.slice(0, -2));
    return fs
      .readdirSync(parent, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(parent, entry.name))
      .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
      .filter(dir => fs.existsSync(path.join(dir, file)));
  });
}
