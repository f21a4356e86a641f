#!/usr/bin/env node
// The package's bin: the compiled CLI (`npm run build` at the root compiles it into dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error(`Stripe emulator not built (${fileURLToPath(cli)}); run npm run build`);
  process.exit(1);
}
await import(cli.href);
