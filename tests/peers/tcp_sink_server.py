# A TCP server that only listens: reads each connection until the client closes it, then prints every
# byte it got as one line, "RECEIVED <hex>", so a test can check exactly what was sent. One after another.
# usage: python3 tcp_sink_server.py HOST PORT    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'tcp_sink_server.py HOST PORT')
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
        data = b''
        try:
            while True:
                chunk = client_socket.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError as err:
            log(err)
        print('RECEIVED ' + data.hex(), flush=True)
