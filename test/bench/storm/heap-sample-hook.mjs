// Loaded with `node --import` through NODE_OPTIONS (issue 14): samples the server's allocations (V8's
// sampling heap profiler, collected objects included) and writes PROFILE_DIR/server-<pid>.heapprofile on exit.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !process.env.HEAP_SAMPLE_PROMOTED });
process.on('exit', () => {
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (!err) writeFileSync(`${process.env.PROFILE_DIR ?? '/tmp/tidemark-prof'}/server-${process.pid}.heapprofile`, JSON.stringify(result.profile));
  });
});
