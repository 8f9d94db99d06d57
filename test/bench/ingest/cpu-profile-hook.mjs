// Loaded with `node --import` through NODE_OPTIONS (which refuses --cpu-prof): profiles the whole process
// with the inspector and writes PROFILE_DIR/server-<pid>.cpuprofile when it exits (issue 14, profile-ingest.ts).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('exit', () => {
  // In-thread inspector sessions answer synchronously, so this runs to the end before the process goes.
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(`${process.env.PROFILE_DIR ?? '/tmp/tidemark-prof'}/server-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
  });
});
