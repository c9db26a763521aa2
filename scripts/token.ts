/**
 * `npm run -s token -- <role> [--unit <unitId>]` prints a local token (role: system, admin, office,
 * front, standing, department:<id>). A system administrator's token carries no unit.
 */
import { loadOrCreateLocalKeys, parseRoleSpec, signLocalToken } from '../shared/adapters/auth/local-keys.js';
import { KEYS_FILE } from './local-paths.js';

const args = process.argv.slice(2);
const unitFlag = args.indexOf('--unit');
const unitId = unitFlag >= 0 ? args[unitFlag + 1] : 'demo';
const spec = args.find((a, i) => !a.startsWith('--') && (unitFlag < 0 || i !== unitFlag + 1));
if (!spec || !unitId) {
  console.error(
    'Cách dùng: npm run -s token -- <system|admin|office|front|standing|department:<mã>> [--unit <mã đơn vị>]',
  );
  process.exit(2);
}
try {
  const { role, departmentId } = parseRoleSpec(spec);
  const keys = await loadOrCreateLocalKeys(KEYS_FILE);
  const token = await signLocalToken(keys, {
    sub: `local-${spec}`,
    name: `Người dùng thử (${spec})`,
    role,
    unitId: role === 'system' ? null : unitId,
    departmentId,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
