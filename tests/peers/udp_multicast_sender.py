# Sends datagrams to a multicast group over the loopback interface (IPv4 only: IPv6 multicast does
# not run on lo here), TTL 1, so only this machine hears them.
# usage: python3 udp_multicast_sender.py GROUP PORT MESSAGE [COUNT]
import socket
import sys
import time

from _peer import hard_deadline

hard_deadline(15)
group, port, message = sys.argv[1], int(sys.argv[2]), sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 5
if not group.startswith('239.'):
    sys.exit('peers send to administratively scoped groups (239.x.x.x) only, not ' + group)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))
for i in range(count):
    sock.sendto(('%s %d' % (message, i + 1)).encode('utf-8'), (group, port))
    time.sleep(0.1)
print('SENT %d' % count, flush=True)
