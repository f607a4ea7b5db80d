// A stand-in kubelet built on the Go libraries Kubernetes itself uses for port-forwarding
// (gorilla/websocket and moby/spdystream), to check osm's own WebSocket/SPDY client against them.
// It serves, over TLS: GET .../pods/<pod> (a Running meshed pod) and the WebSocket upgrade of
// .../pods/<pod>/portforward with sub-protocol SPDY/3.1+portforward.k8s.io. Port 15000 answers HTTP
// like an Envoy admin interface; other ports and pod "closed" get an error on the error stream. Pod "old"
// refuses the WebSocket and is reached through the plain SPDY/3.1 upgrade of servers before 1.31.
// Usage: spdy-interop CERT KEY ADDRESS
package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/moby/spdystream"
)

const tunnelProtocol = "SPDY/3.1+portforward.k8s.io"

// messageConn presents a WebSocket's binary messages as one byte stream, as the SPDY library wants.
type messageConn struct {
	ws      *websocket.Conn
	current io.Reader
	writeMu sync.Mutex
}

func (c *messageConn) Read(p []byte) (int, error) {
	for {
		if c.current == nil {
			kind, r, err := c.ws.NextReader()
			if err != nil {
				if websocket.IsCloseError(err, websocket.CloseNormalClosure) {
					return 0, io.EOF
				}
				return 0, err
			}
			if kind != websocket.BinaryMessage {
				return 0, fmt.Errorf("unexpected message type %d", kind)
			}
			c.current = r
		}
		n, err := c.current.Read(p)
		if err == io.EOF {
			c.current = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

func (c *messageConn) Write(p []byte) (int, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.ws.WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c *messageConn) Close() error                       { return c.ws.Close() }
func (c *messageConn) LocalAddr() net.Addr                { return c.ws.LocalAddr() }
func (c *messageConn) RemoteAddr() net.Addr               { return c.ws.RemoteAddr() }
func (c *messageConn) SetDeadline(t time.Time) error      { return c.ws.UnderlyingConn().SetDeadline(t) }
func (c *messageConn) SetReadDeadline(t time.Time) error  { return c.ws.SetReadDeadline(t) }
func (c *messageConn) SetWriteDeadline(t time.Time) error { return c.ws.SetWriteDeadline(t) }

type pair struct{ errorStream, dataStream *spdystream.Stream }

func servePort(pod, port string, p pair) {
	defer p.errorStream.Close()
	defer p.dataStream.Close()
	if pod == "closed" || port != "15000" {
		fmt.Fprintf(p.errorStream, "error forwarding port %s to pod %s: connection refused", port, pod)
		return
	}
	request, err := http.ReadRequest(bufio.NewReader(p.dataStream))
	if err != nil {
		fmt.Fprintf(p.errorStream, "bad request: %v", err)
		return
	}
	body := "answer from go spdystream to " + request.URL.RequestURI() + "\n"
	if request.URL.Path == "/big" {
		body = strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	}
	fmt.Fprintf(p.dataStream, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

func portForward(w http.ResponseWriter, r *http.Request) {
	pod := strings.Split(r.URL.Path, "/")[6]
	var transport net.Conn
	switch {
	case r.Method == http.MethodPost && strings.EqualFold(r.Header.Get("Upgrade"), "SPDY/3.1"):
		// The older protocol: SPDY straight on the hijacked connection.
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "cannot hijack", http.StatusInternalServerError)
			return
		}
		raw, buffered, err := hijacker.Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buffered, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: %s\r\n\r\n",
			r.Header.Get("X-Stream-Protocol-Version"))
		buffered.Flush()
		transport = raw
	case pod == "old":
		// A server from before Kubernetes 1.31: no WebSocket tunnelling.
		http.Error(w, "Upgrade request required", http.StatusBadRequest)
		return
	default:
		upgrader := websocket.Upgrader{Subprotocols: []string{tunnelProtocol}}
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		transport = &messageConn{ws: ws}
	}
	conn, err := spdystream.NewConnection(transport, true)
	if err != nil {
		transport.Close()
		return
	}
	var mu sync.Mutex
	pending := map[string]*pair{}
	go conn.Serve(func(s *spdystream.Stream) {
		if err := s.SendReply(http.Header{}, false); err != nil {
			return
		}
		h := s.Headers()
		id, kind, port := h.Get("requestID"), h.Get("streamType"), h.Get("port")
		mu.Lock()
		p := pending[id]
		if p == nil {
			p = &pair{}
			pending[id] = p
		}
		if kind == "error" {
			p.errorStream = s
		} else {
			p.dataStream = s
		}
		ready := p.errorStream != nil && p.dataStream != nil
		if ready {
			delete(pending, id)
		}
		mu.Unlock()
		if ready {
			go servePort(pod, port, *p)
		}
	})
	<-conn.CloseChan()
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: spdy-interop CERT KEY ADDRESS")
		os.Exit(2)
	}
	// Pods "web" and "old" answer on 15000 ("old" only through the plain SPDY upgrade); "closed" has
	// nothing listening.
	for _, pod := range []string{"web", "closed", "old"} {
		name := pod
		http.HandleFunc("/api/v1/namespaces/app/pods/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":%q,"namespace":"app","labels":{"osm-proxy-uuid":"6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"}},"status":{"phase":"Running"}}`, name)
		})
		http.HandleFunc("/api/v1/namespaces/app/pods/"+name+"/portforward", portForward)
	}
	listener, err := net.Listen("tcp", os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(listener.Addr().String())
	// HTTP/1.1 only: the WebSocket upgrade cannot run over HTTP/2.
	server := &http.Server{TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	fmt.Fprintln(os.Stderr, server.ServeTLS(listener, os.Args[1], os.Args[2]))
}
