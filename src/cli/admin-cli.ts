/**
 * `npm run admin:create -- --email someone@example.com`: creates that account as an admin, or
 * promotes an existing one, sets a generated password and prints it once. Existing sessions of
 * the account end. Uses DATABASE_URL or the embedded PostgreSQL, like the app.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { resolveDatabase } from '../database/database-url.js';
import { runMigrations } from '../database/migrate.js';
import { AuthService } from '../auth/auth.service.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--email');
  const email = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--email='))?.slice('--email='.length);
  if (!email) {
    process.stderr.write('usage: npm run admin:create -- --email someone@example.com\n');
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
  const { url, embedded } = await resolveDatabase(config);
  try {
    if (config.database.runMigrations) await runMigrations(url);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), {
      logger: ['error'],
    });
    try {
      const result = await app.get(AuthService).createOrPromoteAdmin(email);
      process.stdout.write(
        `${result.created ? 'Created' : 'Promoted'} admin ${result.email}\nPassword: ${result.password}\n` +
          'It is shown only now: keep it in a password manager.\n',
      );
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
