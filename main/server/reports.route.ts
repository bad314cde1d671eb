/**
 * GET /reports/download/<fileId>: a finished export as a file download for browser
 * stations. It runs after the server's Host and token checks (http-server.ts), and
 * asks the router (`reports.file`) so the station's role is checked like any channel.
 * A separate module so the server file stays the transport.
 */
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import { err } from '../../contract/index';
import type { Station } from '../core/station';

const ID = /^\/reports\/download\/([A-Za-z0-9_-]{8,40})$/;

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function serveReportDownload(station: Station, pathname: string, res: ServerResponse): Promise<void> {
  const m = ID.exec(pathname);
  if (!m) return json(res, 404, err('not_found', 'no such export'));
  const r = await station.router.invoke(station.caller, 'reports.file', { fileId: m[1]! });
  if (!r.ok) return json(res, r.error.code === 'forbidden' ? 403 : r.error.code === 'not_found' ? 404 : 500, r);
  const { path, fileName, contentType } = r.value;
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  const stream = fs.createReadStream(path);
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': String(fs.statSync(path).size),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      // Personal data may be inside: never cached by the browser.
      'cache-control': 'no-store',
    });
    stream.pipe(res);
  });
  stream.once('error', () => {
    if (!res.headersSent) json(res, 404, err('not_found', 'the export file is gone'));
    else res.destroy();
  });
}
