# A client that says how the other side closed: it sends each HEX argument as its own sendall (a short
# pause between, so each is its own TCP write), optionally shuts down its writing side (FIN, "SHUT"),
# then reads with recv(1024) as the tutorials do, printing "RECV <text>" per read, and how it ended:
# "EOF" (recv returned b'': a FIN) or "RESET" (ConnectionResetError: an RST).
# usage: python3 tcp_close_watch_client.py [--shut] [--wait S] HOST PORT [HEX...]
import socket
import sys
import time

from _peer import family, hard_deadline, host_port, show

hard_deadline(15)
args = sys.argv[1:]
shut = False
wait = 0.0
while args and args[0].startswith('--'):
    if args[0] == '--shut':
        shut = True
        del args[:1]
    elif args[0] == '--wait':
        wait = float(args[1])
        del args[:2]
    else:
        sys.exit('unknown option ' + args[0])
host, port = host_port(args, 'tcp_close_watch_client.py [--shut] [--wait S] HOST PORT [HEX...]')

with socket.socket(family(host), socket.SOCK_STREAM) as client_socket:
    client_socket.connect((host, port))
    client_socket.settimeout(10)
    print('CONNECTED', flush=True)
    for part in args[2:]:
        client_socket.sendall(bytes.fromhex(part))
        time.sleep(0.05)
    if shut:
        client_socket.shutdown(socket.SHUT_WR)
        print('SHUT', flush=True)
    # A pause before reading, so the other side can close while our bytes still wait unread there.
    time.sleep(wait)
    try:
        while True:
            data = client_socket.recv(1024)
            if not data:
                print('EOF', flush=True)
                break
            print('RECV ' + show(data), flush=True)
    except ConnectionResetError:
        print('RESET', flush=True)
    except socket.timeout:
        print('TIMEOUT', flush=True)
