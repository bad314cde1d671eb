/**
 * `npm run cli -- <command> … [--data DIR] [--db postgres://…]`
 * Commands live in ./commands/*, each a small module; this file only dispatches.
 * Flags are read by node:util parseArgs against the one list below: an unknown or
 * misspelt flag is refused with a usage line instead of being taken as a value.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../core/config';
import { COMMANDS } from './commands/index';

const OPTIONS = {
  data: { type: 'string' },
  db: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  station: { type: 'string' },
  clock: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function usage(): void {
  console.log('FairDesk CLI\n\nUsage: npm run cli -- <command> [--data DIR] [--db postgres://…]\n');
  for (const c of COMMANDS) console.log(`  ${c.usage}\n      ${c.doc}`);
}

export async function runCli(argv: string[]): Promise<number> {
  let words: string[];
  const flags: Record<string, string | true> = {};
  try {
    // The command (its leading words) decides which flags exist beyond the common ones.
    const loose = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false }).positionals;
    const own = COMMANDS.find((c) => c.words.every((w, i) => loose[i] === w))?.options ?? {};
    const parsed = parseArgs({ args: argv, options: { ...OPTIONS, ...own }, allowPositionals: true, strict: true });
    words = parsed.positionals;
    for (const [k, v] of Object.entries(parsed.values)) if (v !== undefined && v !== false) flags[k] = v;
  } catch (e) {
    console.error(`FairDesk: 알 수 없는 옵션입니다 / ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    usage();
    return 2;
  }
  const cmd = COMMANDS.find((c) => c.words.every((w, i) => words[i] === w));
  if (!cmd || flags.help) {
    usage();
    return cmd || flags.help ? 0 : 2;
  }
  try {
    return await cmd.run(words.slice(cmd.words.length), flags);
  } catch (e) {
    // One clear line for the user; no stack dump.
    console.error(`FairDesk: ${e instanceof ConfigError ? e.message : String((e as Error)?.message ?? e).split('\n')[0]}`);
    return 1;
  }
}

if (process.argv[1] && /cli\.[tj]s$/.test(process.argv[1])) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
