# A UDP socket that only listens: prints every datagram it gets as one line, "RECEIVED <hex>",
# so a test can check exactly what was sent. Answers nothing.
# usage: python3 udp_sink_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, ready

host, port = host_port(sys.argv[1:], 'udp_sink_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_DGRAM)
server_socket.bind((host, port))
ready(server_socket)

while True:
    data, client_address = server_socket.recvfrom(65535)
    dog.touch()
    print('RECEIVED ' + data.hex(), flush=True)
