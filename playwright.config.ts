/*
 * Copyright 2023 The Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

// A Chromium installed by the operating system is preferred over a browser
// downloaded by Playwright, so the tests also run on machines without internet.
const systemChromium = [
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].find(path => path && existsSync(path));

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

// One temporary sandbox state per run, made and removed by the main process;
// workers inherit the variable and leave the folder alone.
function sandboxStateDir(): string {
  if (!process.env.PORTAL_E2E_SANDBOX_STATE) {
    const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-sandbox-'));
    process.env.PORTAL_E2E_SANDBOX_STATE = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return process.env.PORTAL_E2E_SANDBOX_STATE;
}

/**
 * See https://playwright.dev/docs/test-configuration.
 */
export default defineConfig({
  timeout: 60_000,

  expect: {
    timeout: 30_000,
  },

  // Stages the backend bundle as the container image holds it, for the production tests.
  globalSetup: './packages/backend/e2e-tests/globalSetup.ts',

  // Builds the backend bundle (which builds the app), then serves the built app
  // from the backend with the embedded default config, next to the sandbox's
  // GitHub- and Kubernetes-compatible servers, as `yarn start` runs them. Data
  // goes to an in-memory database and a temporary sandbox state, so test runs
  // never touch `.data/`.
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command:
            'yarn workspace backend build && yarn sandbox -- yarn workspace backend start --config ../../app-config.yaml',
          url: `${baseURL}/.backstage/health/v1/readiness`,
          reuseExistingServer: !process.env.CI,
          timeout: 300_000,
          env: {
            APP_CONFIG_app_baseUrl: baseURL,
            APP_CONFIG_backend_database_connection: ':memory:',
            APP_CONFIG_sandbox_stateDir: sandboxStateDir(),
          },
        },
      ],

  forbidOnly: !!process.env.CI,

  retries: process.env.CI ? 1 : 0,

  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
    ['json', { outputFile: 'e2e-test-report/results.json' }],
  ],

  use: {
    actionTimeout: 0,
    baseURL,
    screenshot: 'on',
    trace: 'on-first-retry',
  },

  outputDir: 'e2e-test-report/artifacts',

  projects: generateProjects().map(project => ({
    ...project,
    use: {
      ...project.use,
      channel: undefined,
      launchOptions: {
        executablePath: systemChromium,
        args: chromiumArgs,
      },
    },
  })),
});
