# Seed 000 server: answers every message with "ACK : " + message, one connection after another
# (each in its own thread, and a client that leaves does not stop the server).
# usage: python3 tcp_ack_server.py HOST PORT      (PORT 0 = any free port; prints READY <port>)
import socket
import sys
import threading

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'tcp_ack_server.py HOST PORT')
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
            if not data:  # the client closed: wait for the next one
                break
            dog.touch()
            log('received : ' + data.decode('utf-8', errors='replace'))
            client_socket.sendall(b'ACK : ' + data)


while True:
    client_socket, client_address = server_socket.accept()
    dog.touch()
    threading.Thread(target=serve, args=(client_socket,), daemon=True).start()
