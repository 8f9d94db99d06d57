/**
 * The V8 flags `npm start` runs the server with (package.json's start script; a unit test keeps the two
 * equal), so tests and benches measure the server production runs (SPEC I6). A young generation of 8 MB
 * promotes less of the reconnect storm's ~2.6 GB of short-lived objects (fourth session). The old
 * generation grows to at most 1.5 times what survived the last full collection: Node's default scales
 * that factor with the machine's memory (up to 4 times on one with more than ~16 GB), and a storm's
 * promoted garbage — not its live data, ~57 MB — is what took its peak RSS to 264–309 MB
 * (test/bench/results/ingest-issue14.md, twelfth session). No hard heap limit: a large report may
 * legitimately need more, and must not crash the server for it.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50'] as const;
