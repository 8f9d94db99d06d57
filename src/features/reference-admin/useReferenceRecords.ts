import { useCallback, useEffect, useState } from 'react';
import { errorCodeOf } from '../../i18n/error-message';
import { REFERENCE_KINDS, type AdminReferenceRecord, type ReferenceApi, type ReferenceKind } from './reference-api';
import type { ServerFailure } from './ServerError';

export type RecordsByKind = Record<ReferenceKind, AdminReferenceRecord[] | null>;

const EMPTY: RecordsByKind = { event: null, site: null, entitlement: null, policy: null };

/**
 * Every kind's records from the server (the site and entitlement forms need the events too). Nothing
 * is cached on the tablet: the page is online only, and tablets get the data through sync.
 */
export function useReferenceRecords(api: ReferenceApi | null) {
  const [records, setRecords] = useState<RecordsByKind>(EMPTY);
  const [failure, setFailure] = useState<ServerFailure | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!api) return;
    let live = true;
    setFailure(null);
    for (const kind of REFERENCE_KINDS) {
      api.list(kind).then(
        (list) => live && setRecords((r) => ({ ...r, [kind]: list })),
        (e: unknown) => live && setFailure(errorCodeOf(e)),
      );
    }
    return () => {
      live = false;
    };
  }, [api, generation]);

  /** A record the server answered with after a save: replaces its older version in the list. */
  const put = useCallback((kind: ReferenceKind, record: AdminReferenceRecord) => {
    setRecords((r) => {
      const list = r[kind] ?? [];
      const at = list.findIndex((x) => x.id === record.id);
      return { ...r, [kind]: at < 0 ? [...list, record] : list.map((x, i) => (i === at ? record : x)) };
    });
  }, []);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { records, failure, put, reload };
}
