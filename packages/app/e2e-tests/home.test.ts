import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { keepScreenshot, signInAsGuest } from './helpers';

/**
 * Records what would tell a broken or leaky front door: console errors,
 * failed requests, and any request to a host other than the portal's.
 */
function watchPage(page: Page, baseURL: string) {
  const origin = new URL(baseURL).origin;
  const problems: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('request', request => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== origin) {
      problems.push(`request to another host: ${request.url()}`);
    }
  });
  page.on('requestfailed', request => {
    problems.push(
      `failed request: ${request.url()} (${request.failure()?.errorText})`,
    );
  });
  return problems;
}

const home = (page: Page) =>
  page.getByRole('heading', { name: 'Acme Developer Portal', level: 1 });

/** A home page widget: the layout puts each in a section named by its title. */
const widget = (page: Page, title: string) =>
  page.getByRole('main').getByRole('region', { name: title, exact: true });

/** Links to the entity pages a search for "checkout" must find. */
const checkoutResults = [
  '/catalog/default/component/checkout-service',
  '/catalog/default/api/checkout-api',
  '/catalog/default/system/checkout',
];

test('the sign-in page names the portal', async ({ page }) => {
  await page.goto('/');
  await expect(
    page.getByText("Sign in to Acme's Developer Portal"),
  ).toBeVisible();
  await expect(page.getByText('Backstage', { exact: true })).toHaveCount(0);
  await keepScreenshot(page, 'sign-in');
});

test('/ is the home page, with no console error and no request to another host', async ({
  page,
  baseURL,
}) => {
  const problems = watchPage(page, baseURL!);
  await signInAsGuest(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(home(page)).toBeVisible();
  for (const title of [
    'Search',
    "Your team's services",
    'Your recent tasks',
    'Golden paths',
    'Your Starred Entities',
  ]) {
    await expect(widget(page, title)).toBeVisible();
  }
  // Each widget has settled: no progress bar left.
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // The sidebar's logo names the portal, not Backstage.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Acme Developer Portal home' }),
  ).toBeVisible();
  await expect(page.getByText(/backstage/i)).toHaveCount(0);
  await keepScreenshot(page, 'home');
  expect(problems).toEqual([]);
});

test('/home redirects to the home page', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/home');
  await expect(page).toHaveURL(/\/$/);
  await expect(home(page)).toBeVisible();
});

test('no link of the sidebar leads to a missing page', async ({ page }) => {
  // One page load per sidebar item.
  test.setTimeout(180_000);
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const hrefs = await nav
    .getByRole('link')
    .evaluateAll(links =>
      links.map(link => link.getAttribute('href')).filter(Boolean),
    );
  expect(hrefs.length).toBeGreaterThan(3);
  for (const href of new Set(hrefs as string[])) {
    await page.goto(href);
    // Every page has a header naming it.
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(
      page.getByText(/page not found|ERROR 404/i),
      `${href} shows a 404`,
    ).toHaveCount(0);
  }
});

test("a guest picks a team and sees the team's services with their lifecycle", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsGuest(page);
  const services = widget(page, "Your team's services");
  const picker = services.getByRole('combobox', { name: 'Your team' });
  await expect(picker).toBeVisible();
  // The choice is kept in user settings, so an earlier run on this backend
  // may have made one; without one, the widget asks for it.
  if (
    !(await services
      .getByRole('list', { name: "Your team's services" })
      .isVisible())
  ) {
    await expect(
      services.getByText('Pick your team to see its services'),
    ).toBeVisible();
  }
  await picker.selectOption({ label: 'Web Team' });
  await expect(
    services.getByRole('link', { name: 'Web Storefront' }),
  ).toBeVisible();
  await picker.selectOption({ label: 'Payments Team' });
  const list = services.getByRole('list', { name: "Your team's services" });
  const checkout = list
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'Checkout Service' }) });
  await expect(checkout).toBeVisible();
  await expect(checkout.getByText('production', { exact: true })).toBeVisible();
  // Its health in each environment, from the deployment status (the sandbox
  // seeds it healthy in dev, staging and production).
  for (const environment of ['Development', 'Staging', 'Production']) {
    await expect(
      checkout.getByRole('listitem', { name: environment, exact: true }),
    ).toContainText(`${environment}Healthy`);
  }
  await expect(
    list.getByRole('link', { name: 'Order Notifications' }),
  ).toBeVisible();
  // Another team's service is not listed.
  await expect(list.getByRole('link', { name: 'Web Storefront' })).toHaveCount(
    0,
  );
  // The choice is remembered.
  await page.reload();
  await expect(
    checkout.getByRole('listitem', { name: 'Production', exact: true }),
  ).toContainText('ProductionHealthy');
  await keepScreenshot(page, 'home-team-services');

  // Clearing the choice asks for a team again, and stays cleared.
  await widget(page, "Your team's services")
    .getByRole('button', { name: 'Clear' })
    .click();
  await expect(
    widget(page, "Your team's services").getByText(
      'Pick your team to see its services',
    ),
  ).toBeVisible();
  await page.reload();
  await expect(
    widget(page, "Your team's services").getByText(
      'Pick your team to see its services',
    ),
  ).toBeVisible();
});

test('an unknown address shows the not-found page, not the home page', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/no-such-page');
  await expect(page.getByText(/page not found/i)).toBeVisible();
  await expect(home(page)).toHaveCount(0);
});

test('the golden paths are cards that start their template in one click', async ({
  page,
}) => {
  await signInAsGuest(page);
  const paths = widget(page, 'Golden paths');
  const card = paths.getByRole('region', {
    name: 'Node.js service (golden path)',
  });
  await expect(card).toBeVisible();
  await card
    .getByRole('button', { name: 'Start Node.js service (golden path)' })
    .click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/golden-path-service/,
  );
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeVisible();
});

test('recent tasks list the guest’s scaffolder runs with status and link', async ({
  page,
}) => {
  // A run that the template's first step refuses (an unknown environment):
  // a real task of this user, with no side effect anywhere.
  const auth = await page.request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(auth.ok()).toBeTruthy();
  const { token } = (await auth.json()).backstageIdentity;
  const name = `home-e2e-${Date.now().toString(36)}`;
  const created = await page.request.post('/api/scaffolder/v2/tasks', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      templateRef: 'template:default/golden-path-service',
      values: {
        name,
        owner: 'group:default/payments-team',
        system: 'system:default/checkout',
        deployment: { environments: ['nowhere'], tier: 'small' },
        repoVisibility: 'private',
        repoUrl: `127.0.0.1:7010?owner=acme&repo=${name}`,
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();

  await signInAsGuest(page);
  const tasks = widget(page, 'Your recent tasks');
  const link = tasks.getByRole('link', {
    name: `Node.js service (golden path): ${name}`,
  });
  await expect(link).toBeVisible();
  const item = tasks.getByRole('listitem').filter({
    has: page.getByRole('link', {
      name: `Node.js service (golden path): ${name}`,
    }),
  });
  await expect(item.getByText(/^(open|processing|failed)$/)).toBeVisible();
  await keepScreenshot(page, 'home-recent-tasks');
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/create/tasks/${id}`));
});

test.describe('search', () => {
  // The index is built by the collators shortly after the backend starts.
  test.describe.configure({ timeout: 180_000 });

  test('the search page finds the service, its API and its system', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await expect(async () => {
      await page.goto('/search?query=checkout');
      for (const href of checkoutResults) {
        await expect(page.locator(`a[href="${href}"]`).first()).toBeVisible({
          timeout: 5_000,
        });
      }
    }).toPass({ timeout: 150_000 });
    await keepScreenshot(page, 'search-page');
  });

  test("the home page's search box and the sidebar's search find the service", async ({
    page,
  }) => {
    await signInAsGuest(page);
    await widget(page, 'Search').getByRole('textbox').fill('checkout');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/search\?query=checkout/);
    await expect(
      page.locator(`a[href="${checkoutResults[0]}"]`).first(),
    ).toBeVisible({ timeout: 150_000 });

    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('button', { name: 'Search' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('checkout');
    for (const href of checkoutResults) {
      await expect(dialog.locator(`a[href="${href}"]`).first()).toBeVisible();
    }
    await keepScreenshot(page, 'search-modal');
  });
});

test('the Docs tab renders the service docs, or says what to install', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout-service/docs');
  const rendered = page.getByRole('heading', { name: 'What it does' });
  const explained = page.getByText(/has no mkdocs command/);
  // The backend's PATH decides which one shows: the backend runs on this
  // machine, unless PORTAL_E2E_BACKEND_HAS_MKDOCS says otherwise.
  const hasMkdocs = process.env.PORTAL_E2E_BACKEND_HAS_MKDOCS
    ? process.env.PORTAL_E2E_BACKEND_HAS_MKDOCS === 'true'
    : spawnSync('sh', ['-c', 'command -v mkdocs'], { stdio: 'ignore' })
        .status === 0;
  await expect(hasMkdocs ? rendered : explained).toBeVisible({
    timeout: 90_000,
  });
  // Either way, no stack trace.
  await expect(page.getByText(/ENOENT|\bat \S+ \(/)).toHaveCount(0);
  await keepScreenshot(page, 'docs-tab');
});
