# Seed 004 UDP server: answers every datagram with "Hello, UDP Client!".
# usage: python3 udp_hello_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'udp_hello_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_DGRAM)
server_socket.bind((host, port))
ready(server_socket)

while True:
    data, client_address = server_socket.recvfrom(65535)
    dog.touch()
    log('received : ' + data.decode('utf-8', errors='replace'))
    server_socket.sendto('Hello, UDP Client!'.encode(), client_address)
