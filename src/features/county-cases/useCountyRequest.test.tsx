import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../app/session-context';
import type { UnlockedSession } from '../../db/contracts';
import { useCountyRequest } from './useCountyRequest';

/** A request that answers when the test says so, so that answers can arrive out of order. */
function deferredRequests() {
  const pending = new Map<string, (v: unknown) => void>();
  const request = (_method: string, path: string) => new Promise((resolve) => pending.set(path, resolve));
  return { session: { request } as unknown as UnlockedSession, answer: (path: string, v: unknown) => pending.get(path)!(v) };
}

describe('useCountyRequest', () => {
  it('shows only the answer to the path asked last: an earlier request answering late is dropped', async () => {
    const { session, answer } = deferredRequests();
    const wrapper = ({ children }: { children: ReactNode }) => <SessionProvider session={session}>{children}</SessionProvider>;
    const { result, rerender } = renderHook(({ path }) => useCountyRequest<{ q: string }>(path), { wrapper, initialProps: { path: '/api/county/cases' } });
    // The supervisor changes the filter before the queue has answered (as the case-story e2e does under load).
    rerender({ path: '/api/county/cases?scope=open' });
    await act(async () => answer('/api/county/cases?scope=open', { q: 'open' }));
    await waitFor(() => expect(result.current.data).toEqual({ q: 'open' }));
    await act(async () => answer('/api/county/cases', { q: 'queue' }));
    // The late answer of the old filter must not replace the new one under the new filter's caption.
    expect(result.current.data).toEqual({ q: 'open' });
  });

  it('shows nothing for a new path until it answers', async () => {
    const { session, answer } = deferredRequests();
    const wrapper = ({ children }: { children: ReactNode }) => <SessionProvider session={session}>{children}</SessionProvider>;
    const { result, rerender } = renderHook(({ path }) => useCountyRequest<{ q: string }>(path), { wrapper, initialProps: { path: '/a' } });
    await act(async () => answer('/a', { q: 'a' }));
    await waitFor(() => expect(result.current.data).toEqual({ q: 'a' }));
    rerender({ path: '/b' });
    expect(result.current.data).toBeNull();
    await act(async () => answer('/b', { q: 'b' }));
    await waitFor(() => expect(result.current.data).toEqual({ q: 'b' }));
  });

  it('never renders the old path\'s answer under the new path, not even in the render before the new request starts', async () => {
    const { session, answer } = deferredRequests();
    const wrapper = ({ children }: { children: ReactNode }) => <SessionProvider session={session}>{children}</SessionProvider>;
    // Every render's path and data: the page labels its table by the filter it renders with, so a render that
    // pairs the new filter with the old answer shows the queue's rows captioned "all open cases", and a test
    // (or a supervisor) reading it then sees the rows vanish as the new request starts (case-story e2e).
    const seen: { path: string; data: { q: string } | null }[] = [];
    const { result, rerender } = renderHook(
      ({ path }) => {
        const r = useCountyRequest<{ q: string }>(path);
        seen.push({ path, data: r.data });
        return r;
      },
      { wrapper, initialProps: { path: '/a' } },
    );
    await act(async () => answer('/a', { q: 'a' }));
    await waitFor(() => expect(result.current.data).toEqual({ q: 'a' }));
    rerender({ path: '/b' });
    await act(async () => answer('/b', { q: 'b' }));
    await waitFor(() => expect(result.current.data).toEqual({ q: 'b' }));
    expect(seen.filter((r) => r.path === '/b' && r.data?.q === 'a')).toEqual([]);
  });
});
