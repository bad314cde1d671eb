/**
 * The FILE argument of the file-import commands (registrations, programme): read once,
 * with one clear bilingual line and an exit code instead of a stack trace when it is
 * missing, unreadable or over the import limit, so both commands answer alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_BASE64 } from '../../../contract/index';

export interface ImportFile {
  /** The name the import reports (no directories). */
  fileName: string;
  bytes: Buffer;
}

/** The file, or the exit code after one line on stderr: 2 when no FILE was given, 1 when it cannot be used. */
export function readImportFile(file: string | undefined, usage: string): ImportFile | number {
  if (!file) {
    console.error(`FairDesk: 파일을 지정하세요 / give the file to import: ${usage}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`FairDesk: ${code === 'ENOENT' ? '파일이 없습니다 / no such file' : '파일을 읽을 수 없습니다 / cannot read the file'}: ${file}`);
    return 1;
  }
  // The channels take the file as base64; refuse here what they would refuse after the upload.
  if (Math.ceil(bytes.length / 3) * 4 > MAX_IMPORT_BASE64) {
    console.error(`FairDesk: 파일이 너무 큽니다 / file too large: ${file}`);
    return 1;
  }
  return { fileName: path.basename(file), bytes };
}
