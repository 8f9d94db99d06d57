/**
 * Sync protocol versions (docs/sync-protocol.md, rule V1–V3).
 * The server accepts CURRENT and PREVIOUS; anything else is refused with PROTOCOL_UNSUPPORTED
 * and the tablet keeps its queue.
 */
export const PROTOCOL_VERSION = 2;
export const PREVIOUS_PROTOCOL_VERSION = 1;
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PREVIOUS_PROTOCOL_VERSION, PROTOCOL_VERSION];
export const PROTOCOL_HEADER = 'x-tidemark-protocol';

/**
 * SPEC P16: a push carrying this header (value `seq`) is answered with results named by `seq` alone,
 * without each change's record `id` (a random UUID the answer's gzip cannot shrink; the tablet maps
 * results by seq). A push without it (release 1) gets the results with `id`, as before.
 */
export const RESULTS_HEADER = 'x-tidemark-results';
export const RESULTS_BY_SEQ = 'seq';
