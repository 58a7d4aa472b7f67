# A UDP client that speaks a national text encoding (ENCODING, below): sends each message encoded in it (Python's
# own codecs) as one datagram, and prints each answer decoded in it as "REPLY <text>", or
# "REPLY UNDECODABLE <hex>" when it does not decode ("NO REPLY" when none came before the timeout).
# usage: python3 udp_encoded_client.py [--timeout SECONDS] HOST PORT ENCODING MESSAGE...
import socket
import sys

from _peer import family, hard_deadline, host_port, take_timeout

args = sys.argv[1:]
timeout = take_timeout(args, 2.0)
host, port = host_port(args, 'udp_encoded_client.py [--timeout S] HOST PORT ENCODING MESSAGE...')
encoding = args[2]
hard_deadline(20)
sys.stdout.reconfigure(encoding='utf-8')

client_socket = socket.socket(family(host), socket.SOCK_DGRAM)
client_socket.settimeout(timeout)

for message in args[3:]:
    client_socket.sendto(message.encode(encoding), (host, port))
    try:
        data, server_address = client_socket.recvfrom(65535)
        try:
            print('REPLY ' + data.decode(encoding), flush=True)
        except UnicodeDecodeError:
            print('REPLY UNDECODABLE ' + data.hex(' '), flush=True)
    except socket.timeout:
        print('NO REPLY', flush=True)

client_socket.close()
