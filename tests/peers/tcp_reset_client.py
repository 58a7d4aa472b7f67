# A client that ends with a reset, not a FIN: it sends its hex bytes, waits a moment, then closes
# with SO_LINGER set to 0 seconds, which makes the system send RST and drop anything unsent.
# usage: python3 tcp_reset_client.py HOST PORT HEX
import socket
import struct
import sys
import time

from _peer import family, hard_deadline, host_port

hard_deadline(15)
args = sys.argv[1:]
host, port = host_port(args, 'tcp_reset_client.py HOST PORT HEX')
data = bytes.fromhex(args[2]) if len(args) > 2 else b''

sock = socket.socket(family(host), socket.SOCK_STREAM)
sock.connect((host, port))
if data:
    sock.sendall(data)
time.sleep(0.3)
# l_onoff = 1, l_linger = 0: close() aborts the connection with RST.
sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
sock.close()
print('RESET', flush=True)
