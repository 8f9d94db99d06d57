import { z } from 'zod';

/**
 * GET /api/admin/devices (sync-server/src/routes/admin-devices.ts): one row per client id (one per
 * worker database on a tablet, SPEC A4), with the physical tablet it was last seen on and its account.
 */
export const adminDeviceSchema = z.object({
  /** The client id. */
  id: z.string(),
  userId: z.string(),
  name: z.string().nullable(),
  /** The physical tablet's own id, when the login sent one (`tabletId`, SPEC A4); null otherwise. */
  tabletId: z.string().nullable(),
  revoked: z.boolean(),
  lastSeen: z.string().nullable(),
  /** The bound account's user name and name; null when the caller may not see that account. */
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  /** The account's township code (a worker's), for display by name. */
  township: z.string().nullable(),
});
export type AdminDevice = z.infer<typeof adminDeviceSchema>;

export const adminDevicesResponseSchema = z.object({ devices: z.array(adminDeviceSchema) });
export const adminDeviceResponseSchema = z.object({ device: adminDeviceSchema });
export type AdminDevicesResponse = z.infer<typeof adminDevicesResponseSchema>;
export type AdminDeviceResponse = z.infer<typeof adminDeviceResponseSchema>;
