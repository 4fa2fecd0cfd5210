"""One pipelined Redis connection per event loop, for the rate limiter's command on every request.

Concurrent callers share the connection: each writes its command at once and awaits its reply,
which Redis sends in order (RESP2). redis-py's asyncio client borrows a pooled connection per
call instead, about five times the CPU per call (see benchmarks/README.md, bench_api.py).
Failures raise `redis.RedisError` subclasses, as redis-py's do.
"""

import asyncio
import hashlib
from collections import deque
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlparse

import redis


def _encoded(parts: tuple[object, ...]) -> bytes:
    chunks = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        chunks.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(chunks)


async def _reply(reader: asyncio.StreamReader) -> Any:
    """One RESP2 reply; an error reply is returned as a `redis.ResponseError`."""
    line = await reader.readuntil(b"\r\n")
    kind, rest = line[:1], line[1:-2]
    if kind == b":":
        return int(rest)
    if kind == b"+":
        return rest
    if kind == b"-":
        return redis.ResponseError(rest.decode())
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else (await reader.readexactly(size + 2))[:-2]
    if kind == b"*":
        size = int(rest)
        return None if size < 0 else [await _reply(reader) for _ in range(size)]
    raise redis.ConnectionError(f"unexpected reply from Redis: {line[:40]!r}")


class _Connection:
    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout_s: float
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout_s = timeout_s
        self.pending: deque[asyncio.Future[Any]] = deque()
        self.broken = False
        self.replies = asyncio.get_running_loop().create_task(self._read_replies())

    async def call(self, *parts: object) -> Any:
        if self.broken:
            raise redis.ConnectionError("the Redis connection is closed")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending.append(future)
        self.writer.write(_encoded(parts))
        try:
            return await asyncio.wait_for(future, self.timeout_s)
        except TimeoutError as late:
            self.close(redis.TimeoutError(f"no reply from Redis within {self.timeout_s} s"))
            raise redis.TimeoutError(f"no reply from Redis within {self.timeout_s} s") from late

    async def _read_replies(self) -> None:
        try:
            while True:
                reply = await _reply(self.reader)
                future = self.pending.popleft()
                if future.done():
                    continue
                if isinstance(reply, redis.ResponseError):
                    future.set_exception(reply)
                else:
                    future.set_result(reply)
        except (OSError, asyncio.IncompleteReadError, redis.ConnectionError) as error:
            self.close(redis.ConnectionError(f"Redis connection lost: {error}"))

    def close(self, error: redis.RedisError) -> None:
        self.broken = True
        while self.pending:
            future = self.pending.popleft()
            if not future.done():
                future.set_exception(error)
                future.exception()  # retrieved: a caller that timed out no longer awaits it
        self.writer.close()
        if self.replies is not asyncio.current_task():
            self.replies.cancel()


class PipelinedRedis:
    """Commands and one Lua script over a pipelined connection to `url` (redis:// or rediss://,
    with password and database), opened on first use and again after a failure."""

    def __init__(self, url: str, script: str, timeout_s: float = 1.0) -> None:
        self.url = urlparse(url)
        self.script = script.encode()
        self.sha = hashlib.sha1(self.script).hexdigest()
        self.timeout_s = timeout_s
        self._connection: _Connection | None = None
        self._opening = asyncio.Lock()  # concurrent first calls open one connection, not several

    async def _open(self) -> _Connection:
        opening = asyncio.open_connection(
            self.url.hostname or "127.0.0.1",
            self.url.port or 6379,
            ssl=self.url.scheme == "rediss",
        )
        try:
            reader, writer = await asyncio.wait_for(opening, self.timeout_s)
        except (OSError, TimeoutError) as error:
            raise redis.ConnectionError(f"cannot connect to Redis: {error}") from error
        connection = _Connection(reader, writer, self.timeout_s)
        if self.url.password:
            user = [unquote(self.url.username)] if self.url.username else []
            await connection.call("AUTH", *user, unquote(self.url.password))
        if self.url.path.strip("/"):
            await connection.call("SELECT", self.url.path.strip("/"))
        return connection

    async def _connected(self) -> _Connection:
        async with self._opening:
            if self._connection is None or self._connection.broken:
                self._connection = await self._open()
            return self._connection

    async def command(self, *parts: object) -> Any:
        connection = self._connection
        if connection is None or connection.broken:
            connection = await self._connected()
        return await connection.call(*parts)

    async def run_script(self, keys: Sequence[str], args: Sequence[object]) -> Any:
        """The script by its sha1; sent whole once if Redis does not hold it (NOSCRIPT)."""
        try:
            return await self.command("EVALSHA", self.sha, len(keys), *keys, *args)
        except redis.ResponseError as error:
            if not str(error).startswith("NOSCRIPT"):
                raise
            return await self.command("EVAL", self.script, len(keys), *keys, *args)
