import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `/_emulator/health` answers; the name tells our emulator from anything else on the port. */
const EMULATOR_NAME = 'comptoir-stripe-emulator';

export interface EmulatorHandle {
  url: string;
  /** False when an emulator was already running on the port and is reused. */
  started: boolean;
  stop(): Promise<void>;
}

type Probe = 'ours' | 'other' | 'nothing';

async function probe(url: string): Promise<Probe> {
  try {
    const res = await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json().catch(() => ({}))) as { emulator?: string };
    return res.ok && body.emulator === EMULATOR_NAME ? 'ours' : 'other';
  } catch (err) {
    // A refused connection means the port is free; anything else answered but is not us.
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'nothing' : 'other';
  }
}

/**
 * Offline mode: runs the compiled Stripe emulator (emulator/dist/cli.js) as a child process
 * on 127.0.0.1:port with its state under `$DATA_DIR/emulator`, or reuses one already serving the
 * port. The app never imports emulator code; it talks to it through the stripe SDK only.
 */
export async function startEmulatorProcess(options: {
  port: number;
  dataDir: string;
}): Promise<EmulatorHandle> {
  const url = `http://127.0.0.1:${options.port}`;
  const found = await probe(url);
  if (found === 'ours') return { url, started: false, stop: async () => undefined };
  if (found === 'other') {
    throw new Error(
      `EMULATOR_PORT ${options.port} is taken by something that is not the Stripe emulator; set EMULATOR_PORT`,
    );
  }
  // dist/src/stripe/ → emulator/dist/cli.js (the emulator workspace package's build)
  const cli = fileURLToPath(new URL('../../../emulator/dist/cli.js', import.meta.url));
  if (!existsSync(cli)) throw new Error(`Stripe emulator not built (${cli}); run npm run build`);
  const exitWithParent = fileURLToPath(new URL('./exit-with-parent.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', pathToFileURL(exitWithParent).href, cli], {
    env: { ...process.env, EMULATOR_PORT: String(options.port), DATA_DIR: options.dataDir },
    // Its own process group: Ctrl-C in the terminal reaches the app only, which stops the
    // emulator after the app (in-flight Stripe calls finish first). The IPC channel tells the
    // child when the app is gone (exit-with-parent.ts).
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  for (let i = 0; i < 100 && !exited; i++) {
    if ((await probe(url)) === 'ours') {
      return {
        url,
        started: true,
        async stop() {
          if (exited) return;
          child.kill('SIGTERM');
          await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the Stripe emulator did not answer on ${url}`);
}
