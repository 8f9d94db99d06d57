import { z } from 'zod';

/** Ids are generated on the device (STYLE habit 5): 8–64 url-safe characters (we use UUID v4). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'id.invalid');
export const isoDateTime = z.string().datetime({ offset: true, message: 'date.invalid' });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid');
export const townshipCode = z.string().min(1).max(64);
export const phoneSchema = z.string().regex(/^[0-9+\- ]{5,20}$/, 'phone.invalid');
export const gpsSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export const nonNegInt = z.number().int().min(0);
export const money = z.number().min(0).max(1e9);
