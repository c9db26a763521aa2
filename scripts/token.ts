/** `npm run -s token -- <role> [--unit <unitId>]` prints a local token (role: admin, office, front, standing, department:<id>). */
import { loadOrCreateLocalKeys, parseRoleSpec, signLocalToken } from '../shared/adapters/auth/local-keys.js';
import { KEYS_FILE } from './local-paths.js';

const args = process.argv.slice(2);
const unitFlag = args.indexOf('--unit');
const unitId = unitFlag >= 0 ? args[unitFlag + 1] : 'demo';
const spec = args.find((a, i) => !a.startsWith('--') && (unitFlag < 0 || i !== unitFlag + 1));
if (!spec || !unitId) {
  console.error(
    'Cách dùng: npm run -s token -- <admin|office|front|standing|department:<mã>> [--unit <mã đơn vị>]',
  );
  process.exit(2);
}
try {
  const { role, departmentId } = parseRoleSpec(spec);
  const keys = await loadOrCreateLocalKeys(KEYS_FILE);
  process.stdout.write(
    `${await signLocalToken(keys, { sub: `local-${spec}`, name: `Người dùng thử (${spec})`, role, unitId, departmentId })}\n`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
