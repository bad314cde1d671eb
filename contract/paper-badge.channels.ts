/**
 * The A6 paper badge for office laser printers, from the desk. It follows the thermal
 * badge's rules and shares its print log: a visitor's first badge (paper or thermal)
 * exists once, a second one needs a reprint reason and is logged with it. Asking for
 * one logs it (printing.paper.print); the page itself comes from printing.paper.page.
 */
import { z } from 'zod';
import { channel } from './define';
import { IsoTime, Nonce, ScanCode } from './common.schema';
import { ReprintReason } from './printing.channels';

const PaperBadgeOutcome = z.discriminatedUnion('status', [
  /** Logged: fetch the page with printing.paper.page. */
  z.object({ status: z.literal('ready'), jobId: z.string() }),
  /** Nothing logged: a badge was printed (or asked for) before — say when and where, ask why. */
  z.object({ status: z.literal('already_printed'), firstPrintedAt: IsoTime, firstStation: z.string() }),
]);
type PaperBadgeOutcome = z.infer<typeof PaperBadgeOutcome>;

export const paperBadgeChannels = {
  'printing.paper.print': channel({
    doc: "Log an A6 paper badge for a visitor. Without a reprint reason a second badge (paper or thermal) is refused: already_printed, with when and where.",
    input: z.object({ code: ScanCode, nonce: Nonce, reprintReason: ReprintReason.optional() }),
    output: PaperBadgeOutcome,
    roles: ['admin', 'desk'],
    write: true,
  }),
  'printing.paper.page': channel({
    doc: 'A logged paper badge, printed: a station that prints by itself (the Electron shell, webContents.print) opens the OS print dialog (sent); otherwise the A6 page comes back for the screen to print (page; the browser station serves it at /paper-badge/<jobId>).',
    input: z.object({ jobId: z.string().min(1).max(64) }),
    output: z.discriminatedUnion('status', [z.object({ status: z.literal('sent') }), z.object({ status: z.literal('page'), html: z.string() })]),
    roles: ['admin', 'desk'],
    write: false,
  }),
};
