/**
 * TEST HELPER — import first in component tests. The unit project runs without Vitest globals, so
 * Testing Library neither cleans up after each test nor tells React it runs under act(); do both here.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);
