# Joins a multicast group on the loopback interface and prints each datagram it hears, as
# "from HOST:PORT: TEXT", until COUNT arrived or 5 s of silence.
# usage: python3 udp_multicast_receiver.py GROUP PORT [COUNT]    (prints READY <port> once joined)
import socket
import struct
import sys

from _peer import hard_deadline, show

hard_deadline(20)
group, port = sys.argv[1], int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1
if not group.startswith('239.'):
    sys.exit('peers join administratively scoped groups (239.x.x.x) only, not ' + group)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', port))
membership = struct.pack('4s4s', socket.inet_aton(group), socket.inet_aton('127.0.0.1'))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
print('READY %d' % sock.getsockname()[1], flush=True)
sock.settimeout(5)
try:
    for _ in range(count):
        data, (host, peer_port) = sock.recvfrom(65536)
        print('from %s:%d: %s' % (host, peer_port, show(data)), flush=True)
except socket.timeout:
    print('TIMEOUT', flush=True)
