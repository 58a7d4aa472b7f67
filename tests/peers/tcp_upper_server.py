# Seed 001 TCP server: sends back each message in upper case.
# usage: python3 tcp_upper_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys
import threading

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'tcp_upper_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_STREAM)
server_socket.bind((host, port))
server_socket.listen()
ready(server_socket)


def serve(client_socket):
    with client_socket:
        while True:
            try:
                data = client_socket.recv(1024)
            except OSError as err:
                log(err)
                break
            if not data:
                break
            dog.touch()
            # surrogateescape: bytes that are not UTF-8 come back unchanged
            text = data.decode('utf-8', errors='surrogateescape')
            client_socket.sendall(text.upper().encode('utf-8', errors='surrogateescape'))


while True:
    client_socket, client_address = server_socket.accept()
    dog.touch()
    threading.Thread(target=serve, args=(client_socket,), daemon=True).start()
