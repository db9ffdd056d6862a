package workbook

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
)

// excelize writes a chart's series as references without cached values
// (an empty numCache, no strCache): Excel recalculates them on open, but
// previews (file managers, mail, Quick Look) and viewers that do not
// recalculate draw an empty chart. The caches are filled here from the
// cells the series read, which the workbook wrote itself.

// seriesCache remembers the values of a chart range (as the series
// reference names it, e.g. "Summary!$B$30:$B$34") for fillChartCaches.
func (w *workbook) seriesCache(ref string, cells []xcell) {
	if w.caches == nil {
		w.caches = map[string][]xcell{}
	}
	w.caches[ref] = cells
}

var seriesRef = regexp.MustCompile(`<(strRef|numRef)><f>([^<]*)</f>(?:<numCache>.*?</numCache>|<strCache>.*?</strCache>)?</(?:strRef|numRef)>`)

// fillChartCaches writes the remembered values into every chart part's
// references.
func (w *workbook) fillChartCaches() {
	if len(w.caches) == 0 {
		return
	}
	escaped := make(map[string][]xcell, len(w.caches))
	for ref, cells := range w.caches {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(ref))
		escaped[b.String()] = cells
	}
	w.f.Pkg.Range(func(k, v any) bool {
		name, ok := k.(string)
		data, isBytes := v.([]byte)
		if !ok || !isBytes || !strings.HasPrefix(name, "xl/charts/chart") {
			return true
		}
		out := seriesRef.ReplaceAllFunc(data, func(m []byte) []byte {
			sub := seriesRef.FindSubmatch(m)
			cells, known := escaped[string(sub[2])]
			if !known {
				return m
			}
			return chartRef(string(sub[1]), sub[2], cells)
		})
		w.f.Pkg.Store(name, out)
		return true
	})
}

// chartRef is a strRef or numRef with its cache.
func chartRef(kind string, f []byte, cells []xcell) []byte {
	var b bytes.Buffer
	b.WriteString("<" + kind + "><f>")
	b.Write(f)
	b.WriteString("</f>")
	if kind == "numRef" {
		b.WriteString("<numCache><formatCode>General</formatCode>")
	} else {
		b.WriteString("<strCache>")
	}
	b.WriteString(`<ptCount val="` + strconv.Itoa(len(cells)) + `"/>`)
	for i, c := range cells {
		var v string
		switch c.kind {
		case kEmpty:
			continue
		case kText:
			s, _ := cellText(c.s)
			var e strings.Builder
			_ = xml.EscapeText(&e, []byte(s))
			v = e.String()
		default:
			v = strconv.FormatFloat(c.n, 'f', -1, 64)
		}
		b.WriteString(`<pt idx="` + strconv.Itoa(i) + `"><v>` + v + `</v></pt>`)
	}
	if kind == "numRef" {
		b.WriteString("</numCache>")
	} else {
		b.WriteString("</strCache>")
	}
	b.WriteString("</" + kind + ">")
	return b.Bytes()
}
