/**
 * `npm run cli -- <command> … [--data DIR] [--db postgres://…]`
 * Commands live in ./commands/*, each a small module; this file only dispatches.
 */
import { ConfigError, parseArgs } from '../core/config';
import { COMMANDS } from './commands/index';

export async function runCli(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const words = args.positional;
  const cmd = COMMANDS.find((c) => c.words.every((w, i) => words[i] === w));
  if (!cmd || args.flags.help) {
    console.log('FairDesk CLI\n\nUsage: npm run cli -- <command> [--data DIR] [--db postgres://…]\n');
    for (const c of COMMANDS) console.log(`  ${c.usage}\n      ${c.doc}`);
    return cmd || args.flags.help ? 0 : 2;
  }
  try {
    return await cmd.run(words.slice(cmd.words.length), args.flags);
  } catch (e) {
    // One clear line for the user; no stack dump.
    console.error(`FairDesk: ${e instanceof ConfigError ? e.message : String((e as Error)?.message ?? e).split('\n')[0]}`);
    return 1;
  }
}

if (process.argv[1] && /cli\.[tj]s$/.test(process.argv[1])) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
