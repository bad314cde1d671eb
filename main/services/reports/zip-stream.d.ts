/** The part of zip-stream (archiver's streaming zip writer) the XLSX writer uses; the package ships no types. */
declare module 'zip-stream' {
  import { Transform, type Readable } from 'node:stream';
  interface ZipStreamOptions {
    zlib?: { level?: number };
    store?: boolean;
    forceZip64?: boolean;
  }
  class ZipStream extends Transform {
    constructor(options?: ZipStreamOptions);
    entry(source: Readable | Buffer | string, data: { name: string; date?: Date; store?: boolean }, callback: (err: Error | null, entry?: unknown) => void): this;
    finalize(): void;
  }
  export default ZipStream;
}
