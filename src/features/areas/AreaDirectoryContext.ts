import { createContext, useContext } from 'react';
import type { AreaDirectory } from './area-directory';

/** The division registry of an online page, for the pickers and tables deep inside its forms. */
export const AreaDirectoryContext = createContext<AreaDirectory | null>(null);

export const useAreaDirectory = (): AreaDirectory | null => useContext(AreaDirectoryContext);
