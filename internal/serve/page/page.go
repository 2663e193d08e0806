// Package page is the web page of actionsql serve: plain HTML, a style
// sheet and a script, embedded in the binary. Nothing is built from them
// and nothing is fetched from elsewhere: the page works offline, under a
// Content-Security-Policy that allows only its own server.
package page

import (
	"embed"
	"mime"
	"path"
)

//go:embed index.html app.js style.css
var files embed.FS

// Index is the page itself.
func Index() []byte {
	b, err := files.ReadFile("index.html")
	if err != nil {
		panic(err) // embedded: reading cannot fail
	}
	return b
}

// File returns one of the files the page loads (app.js, style.css) and
// its content type; ok is false for any other name.
func File(name string) (body []byte, contentType string, ok bool) {
	if name == "index.html" {
		return nil, "", false // served as / only
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, "", false
	}
	return b, mime.TypeByExtension(path.Ext(name)), true
}
