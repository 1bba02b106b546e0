import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { matches } from '@internal/plugin-platform-node';

/** What delivering a dashboard did (or, in a dry run, would do). */
export type DashboardAction = 'created' | 'updated' | 'unchanged';

/**
 * Dashboards through Grafana's HTTP API, as a service account with a token.
 * Each dashboard is read first and saved only when it differs or sits in
 * another folder, so a re-run makes no write; a save overwrites, which is
 * how an edit made in Grafana's UI is put back.
 */
export class GrafanaDashboards {
  constructor(
    private readonly options: { url: string; token: string; folder: string },
  ) {}

  private async call(path: string, init: RequestInit = {}) {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Grafana at ${this.options.url} is unreachable: ${
          (error as Error).message
        }`,
      );
    }
    return response;
  }

  private async fail(response: Response, what: string): Promise<never> {
    const body = await response.text();
    const message = `Grafana refused to ${what}: HTTP ${response.status} ${body}`;
    if (response.status === 401 || response.status === 403) {
      throw new NotAllowedError(message);
    }
    if (response.status === 400 || response.status === 412) {
      throw new InputError(message);
    }
    throw new ServiceUnavailableError(message);
  }

  /** Creates or updates one dashboard in the configured folder. */
  async ensure(
    dashboard: Dashboard,
    options: { dryRun: boolean },
  ): Promise<DashboardAction> {
    const uid = dashboard.uid!;
    const read = await this.call(
      `/api/dashboards/uid/${encodeURIComponent(uid)}`,
    );
    let live: { dashboard: unknown; meta?: { folderUid?: string } } | undefined;
    if (read.ok) {
      live = await read.json();
    } else if (read.status !== 404) {
      await this.fail(read, `read dashboard ${uid}`);
    }
    if (
      live &&
      live.meta?.folderUid === this.options.folder &&
      // Grafana adds its own fields (id, version): only ours must match.
      matches(
        JSON.parse(JSON.stringify({ ...dashboard, id: undefined })),
        live.dashboard,
      )
    ) {
      return 'unchanged';
    }
    const action = live ? 'updated' : 'created';
    if (options.dryRun) {
      return action;
    }
    const saved = await this.call('/api/dashboards/db', {
      method: 'POST',
      body: JSON.stringify({
        dashboard: { ...dashboard, id: null },
        folderUid: this.options.folder,
        overwrite: true,
        message: 'Applied by the developer portal',
      }),
    });
    if (!saved.ok) {
      await this.fail(saved, `save dashboard ${uid}`);
    }
    return action;
  }

  /** The tags of a dashboard, or undefined when there is none. */
  async tags(uid: string): Promise<string[] | undefined> {
    const read = await this.call(
      `/api/dashboards/uid/${encodeURIComponent(uid)}`,
    );
    if (read.status === 404) return undefined;
    if (!read.ok) await this.fail(read, `read dashboard ${uid}`);
    const body = await read.json();
    return body.dashboard?.tags ?? [];
  }

  /** Deletes one dashboard; true when it was there. */
  async delete(uid: string): Promise<boolean> {
    const response = await this.call(
      `/api/dashboards/uid/${encodeURIComponent(uid)}`,
      { method: 'DELETE' },
    );
    if (response.status === 404) return false;
    if (!response.ok) await this.fail(response, `delete dashboard ${uid}`);
    return true;
  }
}
