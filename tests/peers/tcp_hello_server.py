# Seeds 002 / 004 TCP server: reads once, answers "Hello, Client!" and closes the connection.
# Serves one connection after another.
# usage: python3 tcp_hello_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'tcp_hello_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_STREAM)
server_socket.bind((host, port))
server_socket.listen()
ready(server_socket)

while True:
    client_socket, client_address = server_socket.accept()
    dog.touch()
    with client_socket:
        client_socket.settimeout(10)
        try:
            data = client_socket.recv(1024)
            log('received : ' + data.decode('utf-8', errors='replace'))
            client_socket.sendall('Hello, Client!'.encode())
        except OSError as err:
            log(err)
