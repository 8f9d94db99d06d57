/**
 * Setup for the `client` project (node): the real sync client needs an IndexedDB; fake-indexeddb gives
 * one (each tablet of a rig also gets its own factory). Node 20 has WebCrypto, fetch and streams.
 */
import 'fake-indexeddb/auto';
