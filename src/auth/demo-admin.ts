import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth.service.js';

export const DEMO_ADMIN_EMAIL = 'admin@comptoir.local';

/**
 * Offline demo only: makes `admin@comptoir.local` once, keeps its generated password in
 * `$DATA_DIR/demo-admin.json` (mode 600) and returns it for the start banner. Later boots reuse
 * it; if the file went missing, a fresh password is set.
 */
export async function ensureDemoAdmin(
  app: INestApplicationContext,
): Promise<{ email: string; password: string } | null> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.offline) return null;
  const auth = app.get(AuthService);
  const file = join(config.dataDir, 'demo-admin.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string };
    const user = await auth.findUserByEmail(saved.email);
    if (user?.role === 'admin') return saved;
  }
  const { email, password } = await auth.createOrPromoteAdmin(DEMO_ADMIN_EMAIL);
  writeFileSync(file, JSON.stringify({ email, password }), { mode: 0o600 });
  return { email, password };
}
