// How every long-running part (web, workers, bot) is run: by `npm start` (scripts/start.ts),
// and by `npm run bench`, which measures them as npm start runs them. A service manager
// running dist/*.js itself should pass the same (docs/architecture.md).

/**
 * A capped heap: a runaway request or job ends in a restartable crash, not a swapping host.
 * The web's and the workers' live heap is about 70 MB; without a lower cap V8 let garbage
 * pile up to 200–250 MB between full collections under the intake load (docs/benchmarks.md).
 */
export const MAX_OLD_SPACE_MB = 256;

export const PART_NODE_FLAGS = [`--max-old-space-size=${MAX_OLD_SPACE_MB}`];

/**
 * Two malloc arenas instead of glibc's eight per core: the threads that resize photos and
 * hash passwords otherwise each keep a heap of their own, which the process never gives back
 * (the web's peak under reports with photos: 568 MB with glibc's default, 398–427 MB with 2).
 */
export const PART_ENV = { MALLOC_ARENA_MAX: "2" };
