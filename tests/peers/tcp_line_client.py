# Seeds 000 / 001 client: sends each message in turn and prints the answer to each.
# Output, one line per message: "REPLY <text>", "NO REPLY" (nothing within the timeout),
# or "CLOSED" (the server closed the connection; the client stops there).
# usage: python3 tcp_line_client.py [--timeout SECONDS] HOST PORT MESSAGE...
import socket
import sys

from _peer import family, hard_deadline, host_port, show, take_timeout

args = sys.argv[1:]
timeout = take_timeout(args, 5.0)
host, port = host_port(args, 'tcp_line_client.py [--timeout S] HOST PORT MESSAGE...')
hard_deadline(20)

client_socket = socket.socket(family(host), socket.SOCK_STREAM)
client_socket.settimeout(5)
client_socket.connect((host, port))
client_socket.settimeout(timeout)

for message in args[2:]:
    try:
        client_socket.sendall(message.encode())
        data = client_socket.recv(1024)
    except socket.timeout:
        print('NO REPLY', flush=True)
        continue
    except OSError:  # reset: the server is gone
        print('CLOSED', flush=True)
        break
    if not data:
        print('CLOSED', flush=True)
        break
    print('REPLY ' + show(data), flush=True)

client_socket.close()
