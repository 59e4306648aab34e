/** Starts a CLI worker thread (dist/cli-worker.js): the bundle through the code cache, then its jobs. */
import { loadBundle } from './launch.ts';

const { bundle, codeCache } = loadBundle();
void bundle.serveJobs(codeCache);
