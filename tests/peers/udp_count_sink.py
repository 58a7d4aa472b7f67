# A datagram counter: after each quiet spell of 0.3 s it says how many datagrams and bytes came so far,
# their largest size, and the SHA-256 of their bytes in arrival order.
# usage: python3 udp_count_sink.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
# prints: TOTAL <datagrams> <bytes> <largest> <sha256 hex>
import hashlib
import socket
import sys

from _peer import Watchdog, family, host_port, ready

host, port = host_port(sys.argv[1:], 'udp_count_sink.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_DGRAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
server_socket.bind((host, port))
ready(server_socket)

digest = hashlib.sha256()
count = 0
total = 0
largest = 0
server_socket.settimeout(0.3)
while True:
    try:
        data, client_address = server_socket.recvfrom(65535)
    except socket.timeout:
        if count:
            print('TOTAL %d %d %d %s' % (count, total, largest, digest.hexdigest()), flush=True)
        continue
    dog.touch()
    digest.update(data)
    count += 1
    total += len(data)
    largest = max(largest, len(data))
