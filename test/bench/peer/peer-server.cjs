'use strict';
/**
 * The sync peer's server for `npm run bench`: express-pouchdb 4.2 over PouchDB 9's memory adapter
 * (a CouchDB-compatible HTTP API in one Node process), on 127.0.0.1:<PORT>. Run as a child process so
 * its peak RSS can be read like Tidemark's. Plain JS: it runs without tsx, from test/bench/node_modules.
 */
const express = require('express');
const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));
const expressPouchDB = require('express-pouchdb');

const port = Number(process.env.PORT || 0);
const MemPouch = PouchDB.defaults({ adapter: 'memory' });
const app = express();
app.use('/', expressPouchDB(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: require('node:path').join(process.cwd(), 'log.txt') }));
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`peer listening on ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
