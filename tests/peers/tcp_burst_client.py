# Sends several messages in one write (so they arrive in one read), then the rest of a message in a
# second write after a pause, then closes: what a framer must cut apart and put back together.
# usage: python3 tcp_burst_client.py HOST PORT HEX_FIRST_WRITE [HEX_SECOND_WRITE]
# Prints every byte received back, as hex, one line per recv, until the server closes or 3 s pass.
import socket
import sys
import time

from _peer import family, hard_deadline, host_port

hard_deadline(15)
args = sys.argv[1:]
host, port = host_port(args, 'tcp_burst_client.py HOST PORT HEX_FIRST_WRITE [HEX_SECOND_WRITE]')
writes = [bytes.fromhex(h) for h in args[2:]]

sock = socket.socket(family(host), socket.SOCK_STREAM)
sock.connect((host, port))
for i, data in enumerate(writes):
    if i > 0:
        time.sleep(0.3)
    sock.sendall(data)
sock.settimeout(3)
try:
    while True:
        data = sock.recv(65536)
        if not data:
            break
        print(data.hex(), flush=True)
except socket.timeout:
    pass
sock.close()
