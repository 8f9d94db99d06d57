/**
 * The V8 flags `npm start` runs the server with (package.json's start script; a unit test keeps the two
 * equal), so tests and benches measure the server production runs. A young generation of 8 MB keeps
 * the reconnect storm's peak RSS under 300 MB: the storm allocates ~2.6 GB of short-lived objects and
 * the default semi-space lets them pile up (test/bench/results/ingest-issue14.md, fourth session).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'] as const;
