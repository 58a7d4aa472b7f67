# Not from the seeds: a TCP server that listens with a backlog of 0 and never calls accept(),
# so once its queue is full a new connection gets no answer at all. Tests use it to reach a
# connect timeout on loopback.
# usage: python3 tcp_never_accept_server.py HOST PORT   (PORT 0 = any free port; prints READY <port>)
import socket
import sys
import time

from _peer import Watchdog, family, host_port, ready

host, port = host_port(sys.argv[1:], 'tcp_never_accept_server.py HOST PORT')
Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_STREAM)
server_socket.bind((host, port))
server_socket.listen(0)
ready(server_socket)

while True:
    time.sleep(1)
