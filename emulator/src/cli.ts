/**
 * `npm run emulator`: the Stripe emulator alone, on 127.0.0.1:$EMULATOR_PORT (12111), keeping
 * its state under $DATA_DIR/emulator (DATA_DIR defaults to .data). `npm start` runs this file
 * as a child process in offline mode.
 */
import { join, resolve } from 'node:path';
import { startEmulator } from './index.js';

const port = Number(process.env.EMULATOR_PORT ?? 12111);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const dataDir = join(resolve(process.env.DATA_DIR ?? '.data'), 'emulator');

const emulator = await startEmulator({ port, host, dataDir, publicUrl: process.env.EMULATOR_PUBLIC_URL });
console.log(`Stripe emulator listening on ${emulator.url} (state in ${dataDir})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
