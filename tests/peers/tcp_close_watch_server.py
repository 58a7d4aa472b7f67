# A server that says how each client closed: it reads with recv(1024), printing "RECV <text>" per read,
# then "EOF" (recv returned b'': the client sent FIN) or "RESET" (ConnectionResetError: an RST).
# With --reply HEX it answers after the client's FIN (the client only half-closed: it can still read),
# then closes. One client after another.
# With --shut it sends its FIN first, as soon as it accepts, and goes on reading.
# usage: python3 tcp_close_watch_server.py HOST PORT [--reply HEX | --shut]    (PORT 0 = any free port; prints READY <port>)
import socket
import sys

from _peer import Watchdog, family, host_port, ready, show

args = sys.argv[1:]
host, port = host_port(args, 'tcp_close_watch_server.py HOST PORT [--reply HEX | --shut]')
reply = bytes.fromhex(args[3]) if len(args) >= 4 and args[2] == '--reply' else None
# --shut: send FIN first, as soon as a client is accepted, then keep reading what it still sends.
shut_first = len(args) >= 3 and args[2] == '--shut'
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
        if shut_first:
            client_socket.shutdown(socket.SHUT_WR)
        try:
            while True:
                data = client_socket.recv(1024)
                if not data:
                    print('EOF', flush=True)
                    if reply is not None:
                        client_socket.sendall(reply)
                        print('REPLIED', flush=True)
                    break
                print('RECV ' + show(data), flush=True)
        except ConnectionResetError:
            print('RESET', flush=True)
        except socket.timeout:
            print('TIMEOUT', flush=True)
