'use strict';
/**
 * The sync peer's server for `npm run bench`: express-pouchdb 4.2 over PouchDB 9 (a CouchDB-compatible
 * HTTP API in one Node process), on 127.0.0.1:<PORT>. PEER_ADAPTER=memory (default) keeps the
 * databases in memory; PEER_ADAPTER=leveldb keeps them on disk (LevelDB in the working directory), as
 * a team would deploy it. It also serves the bench's PouchDB-in-Chromium page (peer-page.html) and
 * PouchDB's browser build under /__peer/, so the page and the database share one origin.
 * Run as a child process so its peak RSS can be read like Tidemark's. Plain JS: it runs without tsx,
 * from test/bench/node_modules.
 */
const path = require('node:path');
const express = require('express');
const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));
const expressPouchDB = require('express-pouchdb');

const port = Number(process.env.PORT || 0);
const onDisk = process.env.PEER_ADAPTER === 'leveldb';
const Pouch = onDisk ? PouchDB.defaults({ prefix: path.join(process.cwd(), 'db-') }) : PouchDB.defaults({ adapter: 'memory' });
const app = express();
const pouchDist = path.join(path.dirname(require.resolve('pouchdb/package.json')), 'dist');
app.get('/__peer/peer-page.html', (_req, res) => res.sendFile(path.join(__dirname, 'peer-page.html')));
app.get('/__peer/pouchdb.min.js', (_req, res) => res.sendFile(path.join(pouchDist, 'pouchdb.min.js')));
app.use('/', expressPouchDB(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: path.join(process.cwd(), 'log.txt') }));
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`peer listening on ${server.address().port} (${onDisk ? 'leveldb on disk' : 'memory'})`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
