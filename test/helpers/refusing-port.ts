import net from 'node:net';

/** A local port nobody listens on (bound, then closed): connecting to it is refused at once — a printer that is off. */
export async function refusingPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}
