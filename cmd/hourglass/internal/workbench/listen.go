package workbench

import (
	"fmt"
	"net"
	"os"
)

// Token is the token a workbench served on addr requires: the one given,
// none on a loopback address, or a new one (generated) on any other
// address.
func Token(addr, given string) (token string, generated bool, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, fmt.Errorf("--addr %q: want host:port, such as 127.0.0.1:8080", addr)
	}
	if given != "" || isLoopback(host) {
		return given, false, nil
	}
	token, err = randomHex(16)
	return token, err == nil, err
}

// Address is what a browser opens for a workbench bound to addr (its port
// as bound): this machine's name when addr names no host, and the token
// when there is one.
func Address(addr string, bound net.Addr, token string) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	}
	url := "http://" + net.JoinHostPort(host, port) + "/"
	if token != "" {
		url += "?token=" + token
	}
	return url
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
