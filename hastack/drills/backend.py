"""A small HTTP/1.1 app server for the traffic drill: ``/health`` and a page naming itself.

    python -m hastack.drills.backend --host 127.0.0.1 --port 9001 --name a1

Each backend is its own process, so the drill can kill it (SIGKILL, like a lost instance) and
start it again. Responses carry ``X-Backend: <name>``, which is how the drill sees which
server answered and when a returning server gets traffic again. Keep-alive is supported, as
the proxies pool their connections to the app.
"""

from __future__ import annotations

import argparse
import asyncio
import sys


async def _serve_client(
    name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split(" ")
            path = parts[1] if len(parts) > 1 else "/"
            close = b"connection: close" in head.lower()
            body = b"ok\n" if path.startswith("/health") else f"served by {name}\n".encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                + f"Content-Length: {len(body)}\r\nX-Backend: {name}\r\n".encode()
                + (b"Connection: close\r\n" if close else b"")
                + b"\r\n"
                + body
            )
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(host: str, port: int, name: str) -> None:
    server = await asyncio.start_server(
        lambda r, w: _serve_client(name, r, w), host, port, reuse_address=True, backlog=512
    )
    print(f"ready {name} {host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.host, args.port, args.name))
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"backend {args.name}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
