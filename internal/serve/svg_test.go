package serve

import "testing"

func TestPresentationAttributesReplaceStyleInTagsOnly(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<path d="M 0 0" style="stroke:none;fill:white"/>`, `<path d="M 0 0" stroke="none" fill="white"/>`},
		{`<text x="1" style="fill:rgb(70,70,70);font-size:13.3px;font-family:'Roboto Medium',sans-serif">a style="x:y" b</text>`,
			`<text x="1" fill="rgb(70,70,70)" font-size="13.3px" font-family="'Roboto Medium',sans-serif">a style="x:y" b</text>`},
		{`<g title='a style="fill:red"' style="opacity: 0.5 ;"/>`, `<g title='a style="fill:red"' opacity="0.5"/>`},
		{`<rect style=""/>`, `<rect />`},
		{`<rect style="bad name:1;fill:red;:x;novalue"/>`, `<rect fill="red"/>`},
		{`<rect style="fill:red`, `<rect style="fill:red`},
		{`<svg><!-- style="fill:red" --></svg>`, `<svg><!-- style="fill:red" --></svg>`},
	}
	for _, tt := range tests {
		if got := string(presentationAttributes([]byte(tt.in))); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
