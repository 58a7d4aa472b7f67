# Bits every peer shares, so each peer file reads like the seed tutorial it copies.
# Loopback only: a peer refuses any host other than 127.0.0.1, ::1 or localhost.
import os
import socket
import sys
import threading
import time

LOOPBACK = ('127.0.0.1', '::1', 'localhost')
IDLE_EXIT_SECONDS = 30


def family(host):
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def host_port(argv, usage):
    """Host and port from argv (after optional flags), checked to be loopback."""
    if len(argv) < 2:
        sys.exit('usage: ' + usage)
    host, port = argv[0], int(argv[1])
    if host not in LOOPBACK:
        sys.exit('peers talk to loopback only, not ' + host)
    return host, port


def take_timeout(argv, default):
    """Removes a leading "--timeout SECONDS" from argv and returns it."""
    if len(argv) >= 2 and argv[0] == '--timeout':
        value = float(argv[1])
        del argv[:2]
        return value
    return default


def show(data):
    """Received bytes as one line: \\r, \\n and \\ escaped so a reply never spans lines."""
    text = data.decode('utf-8', errors='replace')
    return text.replace('\\', '\\\\').replace('\r', '\\r').replace('\n', '\\n')


class Watchdog:
    """Exits the process after IDLE_EXIT_SECONDS without activity, or when stdin closes."""

    def __init__(self, idle=IDLE_EXIT_SECONDS, watch_stdin=True):
        self.idle = idle
        self.last = time.monotonic()
        threading.Thread(target=self._tick, daemon=True).start()
        if watch_stdin:
            threading.Thread(target=self._stdin, daemon=True).start()

    def touch(self):
        self.last = time.monotonic()

    def _tick(self):
        while True:
            time.sleep(0.5)
            if time.monotonic() - self.last > self.idle:
                log('idle for %d s: exiting' % self.idle)
                os._exit(0)

    def _stdin(self):
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        os._exit(0)


def ready(sock):
    """The one line the tests wait for: the real port (0 was asked)."""
    print('READY %d' % sock.getsockname()[1], flush=True)


def log(message):
    print(message, file=sys.stderr, flush=True)


def hard_deadline(seconds):
    """Clients: never run longer than this, whatever the network does."""
    timer = threading.Timer(seconds, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
