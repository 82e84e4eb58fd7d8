"""A local SMTP sink for the newsletter benchmark: accepts every message on loopback, keeps nothing
but counts (newsletter copies per recipient, messages, bytes, messages carrying the one-click unsubscribe
header), and writes them as JSON when it gets SIGTERM.

    python bench/smtp_sink.py --port 2525 --out bench/results/sink.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import signal
from collections import Counter
from pathlib import Path

copies: Counter[str] = Counter()
stats = {"messages": 0, "bytes": 0, "one_click_header": 0, "sessions": 0, "other_mail": 0}


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    stats["sessions"] += 1
    writer.write(b"220 sink ESMTP\r\n")
    recipients: list[str] = []
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                writer.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command == b"MAIL":
                recipients = []
                writer.write(b"250 OK\r\n")
            elif command == b"RCPT":
                address = line.split(b":", 1)[1].strip().strip(b"<>").decode().lower()
                recipients.append(address)
                writer.write(b"250 OK\r\n")
            elif command == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                data = await reader.readuntil(b"\r\n.\r\n")
                stats["messages"] += 1
                stats["bytes"] += len(data)
                if b"\nList-Unsubscribe-Post: List-Unsubscribe=One-Click" in data:
                    stats["one_click_header"] += 1
                    copies.update(recipients)
                else:  # workflow mail written while seeding (to the editor), not the newsletter
                    stats["other_mail"] += 1
                writer.write(b"250 queued\r\n")
            elif command == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # RSET, NOOP and anything else
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(port: int, out: Path) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    server = await asyncio.start_server(session, "127.0.0.1", port, limit=2**22)
    print("ready", flush=True)
    async with server:
        await stop.wait()
    out.write_text(
        json.dumps(
            {
                **stats,
                "recipients": len(copies),
                "max_copies": max(copies.values(), default=0),
                "more_than_one": sum(1 for n in copies.values() if n > 1),
                "copies": dict(copies),
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(main(args.port, args.out))
