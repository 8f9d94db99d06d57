import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

const FlashContext = createContext<(message: string) => void>(() => {});

/** A short confirmation ("已保存") that survives the navigation that follows a save. */
export function FlashProvider({ children, durationMs = 4000 }: { children: ReactNode; durationMs?: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flash = useCallback(
    (m: string) => {
      setMessage(m);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setMessage(null), durationMs);
    },
    [durationMs],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <FlashContext.Provider value={flash}>
      <div className="flash" aria-live="polite">
        {message && <p className="flash-message">{message}</p>}
      </div>
      {children}
    </FlashContext.Provider>
  );
}

export function useFlash(): (message: string) => void {
  return useContext(FlashContext);
}
