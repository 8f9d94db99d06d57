/**
 * Screenshots of the event dashboard for the README: `npm run build`, then
 * `npx tsx docs/dashboard-screenshots.ts`. Starts the real server on the built app with the e2e scene
 * and the dashboard's households (test/e2e/support/dashboard-seed.ts), logs in as a supervisor and saves
 * docs/dashboard-1280.png and docs/dashboard-1024.png (full page). Not a test: it asserts nothing.
 */
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/e2e/support/browser';
import { pushDashboardHouseholds } from '../test/e2e/support/dashboard-seed';
import { COUNTY, setScene } from '../test/e2e/support/scene';
import { startServer } from '../test/e2e/support/server-process';
import { logInOnline } from '../test/e2e/support/ui';

const server = await startServer();
try {
  const scene = await setScene(server);
  await scene.admin.call('POST', '/api/admin/users', { username: 'zhaosup', password: 'super-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '赵主任' });
  // Checked in two hours ago, so the hand-out an hour later is before the page's time.
  await pushDashboardHouseholds(server.url, scene, new Date(Date.now() - 7_200_000).toISOString());
  const browser = await launchBrowser();
  try {
    for (const [width, height] of [[1280, 800], [1024, 768]] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(server.url);
      await logInOnline(page, 'zhaosup', 'super-pass-789');
      await page.getByRole('link', { name: '灾情统计看板' }).click();
      const charts = page.locator('.dashboard-chart .chart-canvas svg');
      await charts.nth(3).waitFor({ timeout: 60_000 });
      await page.screenshot({ path: fileURLToPath(new URL(`./dashboard-${width}.png`, import.meta.url)), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.cleanup();
}
