#!/usr/bin/env python3
"""Misbehaving API servers on loopback for the fault sweep (scripts/fault-sweep.sh and the
integration test FaultSweepTests). Prints the port it listens on, then serves until killed.

  fault-servers.py hold            accepts connections and never sends a byte (TLS never starts)
  fault-servers.py drop CERT KEY   speaks TLS, answers every request with a 200 promising a
                                   4096-byte JSON body, sends 20 bytes of it and closes
  fault-servers.py status CODE CERT KEY
                                   answers every request with a Kubernetes Status of that code
"""
import json
import socket
import ssl
import sys
import threading
import time


def listen():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    print(server.getsockname()[1], flush=True)
    return server


def read_head(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    return data


def hold(server):
    held = []
    while True:
        conn, _ = server.accept()
        held.append(conn)  # kept open, never written to


def tls_loop(server, cert, key, answer):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["http/1.1"])

    def serve(conn):
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                while True:
                    if read_head(tls) is None:
                        return
                    if not answer(tls):
                        return
        except (OSError, ssl.SSLError):
            pass

    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def drop_answer(tls):
    tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" + b'{"kind":"Status","ap')
    time.sleep(0.05)
    return False


def status_answer(code):
    reasons = {401: "Unauthorized", 403: "Forbidden", 500: "InternalError"}
    body = json.dumps({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                       "message": reasons.get(code, "Error").lower(), "reason": reasons.get(code, ""), "code": code}).encode()

    def answer(tls):
        tls.sendall(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (code, len(body)) + body)
        return True
    return answer


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    server = listen()
    if mode == "hold":
        hold(server)
    elif mode == "drop":
        tls_loop(server, sys.argv[2], sys.argv[3], drop_answer)
    elif mode == "status":
        tls_loop(server, sys.argv[3], sys.argv[4], status_answer(int(sys.argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
