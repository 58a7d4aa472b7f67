# A binary-protocol server: each message is a 2-byte big-endian length, then that many bytes; it
# answers each one framed the same way with "ACK : " before it, as seed 000 does for lines.
# It reads with the smallest recv it can, so a framer on the other side meets every split.
# usage: python3 tcp_length_prefixed_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import struct
import sys
import threading

from _peer import Watchdog, family, host_port, log, ready, show

host, port = host_port(sys.argv[1:], 'tcp_length_prefixed_server.py HOST PORT')
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_STREAM)
server_socket.bind((host, port))
server_socket.listen()
ready(server_socket)


def read_exactly(sock, n):
    data = b''
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            return None
        data += part
    return data


def serve(client_socket):
    with client_socket:
        while True:
            header = read_exactly(client_socket, 2)
            if header is None:
                break
            (length,) = struct.unpack('>H', header)
            body = read_exactly(client_socket, length)
            if body is None:
                log('partial message at close')
                break
            dog.touch()
            log('received : ' + show(body))
            reply = b'ACK : ' + body
            client_socket.sendall(struct.pack('>H', len(reply)) + reply)


while True:
    client_socket, client_address = server_socket.accept()
    dog.touch()
    threading.Thread(target=serve, args=(client_socket,), daemon=True).start()
