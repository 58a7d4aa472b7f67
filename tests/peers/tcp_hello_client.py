# Seeds 002 / 004 client: sends "Hello, Server!", prints the answer as "REPLY <text>", closes.
# usage: python3 tcp_hello_client.py HOST PORT
import socket
import sys

from _peer import family, hard_deadline, host_port, show

host, port = host_port(sys.argv[1:], 'tcp_hello_client.py HOST PORT')
hard_deadline(20)

client_socket = socket.socket(family(host), socket.SOCK_STREAM)
client_socket.settimeout(5)
client_socket.connect((host, port))
client_socket.sendall('Hello, Server!'.encode())
data = client_socket.recv(1024)
print('REPLY ' + show(data), flush=True)
client_socket.close()
