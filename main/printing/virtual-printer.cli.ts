/**
 * `npm run virtual-printer -- [--port 9100] [--host 127.0.0.1] [--out DIR] [--mode ok|offline|slow|jammed|vanish] [--width 576] [--raw]`
 * A networked ESC/POS printer that prints to PNG files, to rehearse a venue without
 * hardware. Type a mode name + Enter while it runs to play a broken printer.
 */
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from '../core/config';
import { startVirtualPrinter, VIRTUAL_MODES, type VirtualMode } from './virtual-printer';

const { flags } = parseArgs(process.argv.slice(2));
const str = (k: string, d: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : d);
const isMode = (s: string): s is VirtualMode => (VIRTUAL_MODES as readonly string[]).includes(s);

const mode = str('mode', 'ok');
if (!isMode(mode)) {
  console.error(`--mode must be one of ${VIRTUAL_MODES.join(', ')}`);
  process.exit(2);
}
const outDir = path.resolve(str('out', 'virtual-printer-out'));
const printer = await startVirtualPrinter({
  port: Number(str('port', '9100')),
  host: str('host', '127.0.0.1'),
  outDir,
  mode,
  widthDots: Number(str('width', '576')),
  keepRaw: flags.raw === true,
});
let seen = 0;
setInterval(() => {
  for (; seen < printer.jobs.length; seen++) console.log(`printed ${printer.jobs[seen]!.file}`);
}, 200).unref();
console.log(`virtual printer on tcp://${str('host', '127.0.0.1')}:${printer.port} (mode ${printer.mode}) → ${outDir}`);
console.log(`type a mode (${VIRTUAL_MODES.join(' | ')}) and Enter to change it; Ctrl+C to stop`);
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (l) => {
  const m = l.trim();
  if (isMode(m)) printer.setMode(m).then(() => console.log(`mode ${m}`));
  else if (m) console.log(`unknown mode ${m}`);
});
const stop = () => printer.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
