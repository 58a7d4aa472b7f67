# A UDP server that speaks a national text encoding (ENCODING, below): each datagram is decoded in it (strictly,
# with Python's own codecs) and answered with "[" + the text + "]" encoded in it again; a datagram
# that does not decode is answered "BAD" and its bytes logged in hex.
# usage: python3 udp_encoded_server.py HOST PORT ENCODING    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'udp_encoded_server.py HOST PORT ENCODING')
encoding = sys.argv[3]
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_DGRAM)
server_socket.bind((host, port))
ready(server_socket)

while True:
    data, client_address = server_socket.recvfrom(65535)
    dog.touch()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        log('received undecodable : ' + data.hex(' '))
        server_socket.sendto(b'BAD', client_address)
        continue
    log('received : ' + text)
    server_socket.sendto(('[' + text + ']').encode(encoding), client_address)
