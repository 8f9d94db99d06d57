/**
 * The one import of vite-plugin-pwa's virtual module. Tests mock this file (vi.mock('./pwa-register')):
 * the virtual id itself exists only under the PWA plugin, so Vitest cannot resolve it to mock it.
 */
export { useRegisterSW } from 'virtual:pwa-register/react';
