// Starts Xionimus from its real entry (startServer in server/src/main.ts, or the compiled
// server/dist/src/main.js with BENCH_SERVER=dist) with the configuration in the environment, and
// reports the port to bench/stream.ts. BENCH_FETCH swaps the global fetch the AI SDK uses (see
// undici-fetch.ts); nothing else differs from `xionimus start`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onParentMessage, sendToParent } from './ipc.js';
import { installFetch } from './undici-fetch.js';

// Registered first: the process goes away with its parent even if the start hangs.
onParentMessage((message) => (message.type === 'stats' ? { type: 'stats', memory: process.memoryUsage() } : undefined));
// tsx turns source-mapped stack traces on; `node dist/...` in production runs without them.
process.setSourceMapsEnabled(false);
installFetch(process.env.BENCH_FETCH);

type Main = typeof import('../server/src/main.js');
type ConfigModule = typeof import('../server/src/config.js');
// BENCH_ROOT: another checkout's compiled server (stream.ts --against), else this one's.
const other = process.env.BENCH_ROOT;
const dist = process.env.BENCH_SERVER === 'dist' || other !== undefined;
const root = other
  ? pathToFileURL(join(other, 'server/dist/src/')).href
  : dist
    ? '../server/dist/src/'
    : '../server/src/';
const { startServer } = (await import(`${root}main.${dist ? 'js' : 'ts'}`)) as Main;
const { parseConfig } = (await import(`${root}config.${dist ? 'js' : 'ts'}`)) as ConfigModule;

const app = await startServer(parseConfig(process.env), { handleSignals: false });
const address = app.server.address();
sendToParent({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, pid: process.pid });
