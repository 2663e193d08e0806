package serve

import (
	"bytes"
	"strings"
)

// presentationAttributes rewrites every style="k: v; ..." attribute of an
// SVG document into presentation attributes (k="v" ...), which draw the
// same. The page's Content-Security-Policy allows no inline style, and a
// browser under it ignores style attributes, while SVG presentation
// attributes are markup, not style, and apply. Only the tags are touched:
// text and comments between them stay as they are.
func presentationAttributes(svg []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(svg))
	var (
		inTag bool
		quote byte // the quote of the attribute value being read, 0 outside one
	)
	for i := 0; i < len(svg); i++ {
		c := svg[i]
		switch {
		case !inTag && bytes.HasPrefix(svg[i:], []byte("<!--")):
			end := bytes.Index(svg[i:], []byte("-->"))
			if end < 0 {
				end = len(svg) - i - len("-->")
			}
			out.Write(svg[i : i+end+len("-->")]) // a comment stays as it is
			i += end + len("-->") - 1
			continue
		case !inTag:
			inTag = c == '<'
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			inTag = false
		case isSpace(c) && bytes.HasPrefix(svg[i+1:], []byte(`style="`)):
			start := i + 1 + len(`style="`)
			end := bytes.IndexByte(svg[start:], '"')
			if end < 0 {
				break // not well formed: left as it is
			}
			out.WriteByte(c)
			writeStyleAttributes(&out, string(svg[start:start+end]))
			i = start + end // the closing quote
			continue
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}

// writeStyleAttributes writes the declarations of a style attribute as
// attributes, separated by spaces.
func writeStyleAttributes(out *bytes.Buffer, style string) {
	first := true
	for decl := range strings.SplitSeq(style, ";") {
		name, value, ok := strings.Cut(decl, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || strings.ContainsAny(name, " \t\n<>\"'=&/") {
			continue
		}
		if !first {
			out.WriteByte(' ')
		}
		first = false
		out.WriteString(name)
		out.WriteString(`="`)
		out.WriteString(strings.ReplaceAll(value, `"`, "&quot;"))
		out.WriteByte('"')
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
