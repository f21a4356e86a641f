/**
 * `npm run admin:create -- --email someone@example.com`: creates that account as an admin, or
 * promotes an existing one, sets a generated password and prints it once. Existing sessions of
 * the account end. Uses DATABASE_URL or the embedded PostgreSQL, like the app.
 */
import 'reflect-metadata';
import { AuthService } from '../auth/auth.service.js';
import { commandConfig, runCommand, withAppContext } from '../startup.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--email');
  const email = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--email='))?.slice('--email='.length);
  if (!email) {
    process.stderr.write('usage: npm run admin:create -- --email someone@example.com\n');
    return 2;
  }
  const config = commandConfig();
  return withAppContext(config, { migrate: config.database.runMigrations }, async (app) => {
    const result = await app.get(AuthService).createOrPromoteAdmin(email);
    process.stdout.write(
      `${result.created ? 'Created' : 'Promoted'} admin ${result.email}\nPassword: ${result.password}\n` +
        'It is shown only now: keep it in a password manager.\n',
    );
    return 0;
  });
}

runCommand(main);
