# Sends HEX (repeated REPEAT times) to an echo server while reading the echo back, then closes with a
# FIN once every byte came back: a conversation whose bytes both ways are known in advance.
# usage: python3 tcp_echo_check_client.py HOST PORT HEX [REPEAT]
# Prints "ECHOED <n>" with the number of bytes that came back.
import socket
import sys
import threading

from _peer import family, hard_deadline, host_port

hard_deadline(20)
args = sys.argv[1:]
host, port = host_port(args, 'tcp_echo_check_client.py HOST PORT HEX [REPEAT]')
data = bytes.fromhex(args[2]) * (int(args[3]) if len(args) > 3 else 1)

sock = socket.socket(family(host), socket.SOCK_STREAM)
sock.connect((host, port))
# Sending in a thread while reading here: a big echo would otherwise fill both directions and stall.
threading.Thread(target=sock.sendall, args=(data,), daemon=True).start()
sock.settimeout(10)
received = 0
while received < len(data):
    chunk = sock.recv(65536)
    if not chunk:
        break
    received += len(chunk)
sock.close()
print('ECHOED %d' % received, flush=True)
