# A file receiver: reads each connection to its end and says how many bytes came and their SHA-256,
# as `nc -l > file; sha256sum file` would. An optional rate makes it a slow reader (backpressure).
# usage: python3 tcp_sha256_sink.py HOST PORT [BYTES_PER_SECOND]   (PORT 0 = any free port; prints READY <port>)
# prints: DONE <bytes> <sha256 hex>   once per connection, when the sender closes it
import hashlib
import socket
import sys
import threading
import time

from _peer import Watchdog, family, host_port, log, ready

host, port = host_port(sys.argv[1:], 'tcp_sha256_sink.py HOST PORT [BYTES_PER_SECOND]')
rate = int(sys.argv[3]) if len(sys.argv) > 3 else 0
dog = Watchdog()

server_socket = socket.socket(family(host), socket.SOCK_STREAM)
server_socket.bind((host, port))
server_socket.listen()
ready(server_socket)


def serve(client_socket):
    digest = hashlib.sha256()
    count = 0
    with client_socket:
        while True:
            try:
                data = client_socket.recv(65536 if rate == 0 else min(65536, rate // 10 or 1))
            except OSError as err:
                log(err)
                break
            if not data:
                break
            dog.touch()
            digest.update(data)
            count += len(data)
            if rate:
                time.sleep(len(data) / rate)
    print('DONE %d %s' % (count, digest.hexdigest()), flush=True)


while True:
    client_socket, client_address = server_socket.accept()
    dog.touch()
    threading.Thread(target=serve, args=(client_socket,), daemon=True).start()
