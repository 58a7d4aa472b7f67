# Seed 001 UDP server: sends each datagram back in upper case to whoever sent it.
# usage: python3 udp_upper_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, ready

host, port = host_port(sys.argv[1:], 'udp_upper_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_DGRAM)
server_socket.bind((host, port))
ready(server_socket)

while True:
    data, client_address = server_socket.recvfrom(65535)
    dog.touch()
    text = data.decode('utf-8', errors='surrogateescape')
    server_socket.sendto(text.upper().encode('utf-8', errors='surrogateescape'), client_address)
