import { COUNTY, type Scene } from './scene';

/**
 * The county's supervisor of the e2e scene, 赵主任 (zhaosup / super-pass-789, county-wide: no township),
 * made by the administrator: who reads the county's pages (the case queue, the dashboard).
 */
export async function addCountySupervisor(scene: Scene): Promise<void> {
  await scene.admin.call('POST', '/api/admin/users', { username: 'zhaosup', password: 'super-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '赵主任' });
}
