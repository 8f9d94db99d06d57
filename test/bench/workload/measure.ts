import { gzipSync } from 'node:zlib';
import type { WorkloadRecord } from './generate';

export interface WorkloadSize {
  records: number;
  jsonBytes: number;
  meanRecordBytes: number;
  /** The floor for bytes on the wire: the records' JSON, gzip-compressed (level 6, as servers use). */
  gzipBytes: number;
}

export function measureWorkload(records: WorkloadRecord[]): WorkloadSize {
  const json = Buffer.from(JSON.stringify(records.map((r) => r.fields)));
  return { records: records.length, jsonBytes: json.length, meanRecordBytes: json.length / Math.max(1, records.length), gzipBytes: gzipSync(json, { level: 6 }).length };
}
