# Seeds 001 / 004 UDP client: sends each message as one datagram and prints every answer that
# comes back before the timeout as "REPLY <text>" ("NO REPLY" when none came).
# usage: python3 udp_client.py [--timeout SECONDS] HOST PORT MESSAGE...
import socket
import sys

from _peer import family, hard_deadline, host_port, show, take_timeout

args = sys.argv[1:]
timeout = take_timeout(args, 2.0)
host, port = host_port(args, 'udp_client.py [--timeout S] HOST PORT MESSAGE...')
hard_deadline(20)

client_socket = socket.socket(family(host), socket.SOCK_DGRAM)
client_socket.settimeout(timeout)

for message in args[2:]:
    client_socket.sendto(message.encode(), (host, port))
    try:
        data, server_address = client_socket.recvfrom(65535)
        print('REPLY ' + show(data), flush=True)
    except socket.timeout:
        print('NO REPLY', flush=True)

client_socket.close()
