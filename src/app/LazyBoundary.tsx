import { Component, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Suspense for a lazily loaded screen, and what to show when its chunk cannot load (an app updated in
 * another window may have removed the old chunk from the cache, PLATFORM-NOTES): a reload button —
 * never an automatic reload, which could lose typed data elsewhere.
 */
export function LazyBoundary({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

function Loading() {
  const { t } = useTranslation();
  return <p>{t('app.loading')}</p>;
}

function ChunkFailed() {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {t('app.chunkFailed')}{' '}
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </p>
  );
}

class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <ChunkFailed /> : this.props.children;
  }
}
