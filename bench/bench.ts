/**
 * `npm run bench [-- --only NAME] [-- --db postgres]`: runs every bench section and prints
 * figures next to the issues' goals. Sections live in bench/sections/*.bench.ts and
 * register in bench/sections/index.ts. Figures on a 2-core machine are noisy: read them
 * as orders of magnitude against the goal, not as exact numbers.
 */
import { parseArgs } from '../main/core/config';
import { SECTIONS } from './sections/index';

const { flags } = parseArgs(process.argv.slice(2));
// Figures, not logs: stations opened by sections log errors only (FAIRDESK_LOG=warn shows slow queries).
process.env.FAIRDESK_LOG ??= 'error';
const only = typeof flags.only === 'string' ? flags.only.split(',') : null;
let failed = false;
for (const s of SECTIONS) {
  if (only && !only.includes(s.name)) continue;
  if (s.needs === 'postgres' && flags.db !== 'postgres' && !only?.includes(s.name)) {
    console.log(`\n## ${s.name}: skipped (run with --db postgres)`);
    continue;
  }
  console.log(`\n## ${s.name} — ${s.doc}`);
  try {
    await s.run(flags);
  } catch (e) {
    failed = true;
    console.log(`!! ${s.name} failed: ${String((e as Error)?.stack ?? e)}`);
  }
}
process.exit(failed ? 1 : 0);
