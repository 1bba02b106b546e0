import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SandboxLogger } from '../../logger';
import type { KubernetesStore, StoreSnapshot } from './KubernetesStore';

const DEBOUNCE_MS = 100;

/** Where a cluster's state lives under the sandbox's state folder. */
export function stateFile(stateDir: string, cluster: string): string {
  return join(stateDir, 'kubernetes', `${cluster}.json`);
}

/**
 * Saves the store after changes, at most every 100 ms, by writing a temporary
 * file and renaming it so a crash never leaves half a file.
 */
export class StorePersistence {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: KubernetesStore,
    private readonly file: string,
    private readonly logger?: SandboxLogger,
  ) {
    this.unsubscribe = store.onChange(() => this.schedule());
  }

  /** Restores the saved state, if there is one. */
  async load(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    this.store.restore(JSON.parse(text) as StoreSnapshot);
    return true;
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  /** Writes now; resolves when the state is on disk. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = JSON.stringify(this.store.snapshot());
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, snapshot);
        await rename(temporary, this.file);
      } catch (error) {
        this.logger?.error(
          `Could not save the Kubernetes sandbox state to ${this.file}: ${
            (error as Error).message
          }`,
        );
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flush();
  }
}
