import fs from 'node:fs';
import path from 'node:path';
import { emptyState, type GitHubStateData } from './model';
import { upgradeState } from './upgradeState';

/** Reads the state, or an empty one when the file does not exist yet. */
export function readStateFile(file: string): GitHubStateData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return emptyState();
    }
    throw error;
  }
  try {
    return upgradeState(JSON.parse(text));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

let writes = 0;

/**
 * Writes a temporary file and renames it over the state, so a crash or a
 * concurrent reader never sees half a file.
 */
export function writeStateFile(file: string, data: GitHubStateData) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${++writes}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
