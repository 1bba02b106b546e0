import type { StoreChange } from './types';

export interface LoggedChange extends StoreChange {
  resourceVersion: number;
}

/**
 * The recent changes, so a watch can resume from a resourceVersion; older
 * versions are compacted away and get 410 Expired, as on a real cluster.
 */
export class ChangeLog {
  private entries: LoggedChange[] = [];
  /** Versions at or below this one can no longer be replayed. */
  compactedVersion = 0;

  constructor(private readonly capacity: number) {}

  append(change: LoggedChange) {
    this.entries.push(change);
    if (this.entries.length > this.capacity) {
      const dropped = this.entries.splice(
        0,
        this.entries.length - this.capacity,
      );
      this.compactedVersion = dropped[dropped.length - 1].resourceVersion;
    }
  }

  /** Changes after `version`; undefined when they were compacted. */
  since(version: number): LoggedChange[] | undefined {
    if (version < this.compactedVersion) {
      return undefined;
    }
    return this.entries.filter(e => e.resourceVersion > version);
  }

  /** Forgets everything up to `version`, e.g. after a restart from disk. */
  compactTo(version: number) {
    this.entries = this.entries.filter(e => e.resourceVersion > version);
    this.compactedVersion = Math.max(this.compactedVersion, version);
  }
}
