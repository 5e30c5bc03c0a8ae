package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// chartName returns the file name of the chart of wl at procs.
func chartName(wl string, procs int) string {
	return fmt.Sprintf("%s-cpu%d.png", wl, procs)
}

// drawCharts draws, for each workload and GOMAXPROCS, the time per
// operation against the number of clients, one line per implementation,
// into dir. It returns the names of the files it wrote.
func drawCharts(d *data, dir string) ([]string, error) {
	var files []string
	for _, wl := range d.workloads {
		for _, p := range d.procs {
			pl, err := chart(d, wl, p)
			if err != nil {
				return nil, err
			}
			name := chartName(wl, p)
			if err := pl.Save(8*vg.Inch, 5*vg.Inch, filepath.Join(dir, name)); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
	}
	return files, nil
}

func chart(d *data, wl string, p int) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = fmt.Sprintf("workload %s, GOMAXPROCS %d", wl, p)
	pl.X.Label.Text = "client goroutines"
	pl.Y.Label.Text = "time per operation (ns)"
	pl.X.Scale, pl.X.Tick.Marker = plot.LogScale{}, clientTicks(d.clients)
	pl.Y.Scale, pl.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	pl.Legend.Top = true
	pl.Legend.Left = true
	pl.Legend.Padding = vg.Points(2)

	for i, im := range d.impls {
		var xys plotter.XYs
		for _, n := range d.clients {
			if t, ok := d.median(key{wl, im, n, p}, secPerOp); ok && t > 0 {
				xys = append(xys, plotter.XY{X: float64(n), Y: t * 1e9})
			}
		}
		if len(xys) == 0 {
			continue
		}
		var dashes []vg.Length
		if !slices.Contains(libraryImpls, im) {
			dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		if err := addLine(pl, im, xys, palette[i%len(palette)], dashes, true); err != nil {
			return nil, err
		}
	}
	for i, f := range []string{"pingpong", "lock"} {
		t, ok := d.median(floor(f, p), secPerOp)
		if !ok || len(d.clients) == 0 {
			continue
		}
		lo, hi := float64(d.clients[0]), float64(d.clients[len(d.clients)-1])
		xys := plotter.XYs{{X: lo, Y: t * 1e9}, {X: hi, Y: t * 1e9}}
		gray := color.Gray{Y: uint8(80 + 60*i)}
		if err := addLine(pl, "floor: "+f, xys, gray, plotutil.Dashes(i+1), false); err != nil {
			return nil, err
		}
	}
	// Leave the top of the chart to the legend.
	if pl.Y.Min > 0 && pl.Y.Max > 0 {
		pl.Y.Min = math.Pow(10, math.Floor(math.Log10(pl.Y.Min)))
		pl.Y.Max = math.Pow(10, math.Ceil(math.Log10(pl.Y.Max))+1.5)
	}
	return pl, nil
}

// palette has a color for each implementation: the library's first, then
// the ones it is compared with, drawn dashed.
var palette = []color.Color{
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
	color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff},
}

// clientTicks marks the x axis at each client count.
func clientTicks(clients []int) plot.ConstantTicks {
	var t plot.ConstantTicks
	for _, n := range clients {
		t = append(t, plot.Tick{Value: float64(n), Label: strconv.Itoa(n)})
	}
	return t
}

// addLine adds a line through xys to pl and to its legend, with a mark at
// each point if points is set.
func addLine(pl *plot.Plot, name string, xys plotter.XYs, c color.Color,
	dashes []vg.Length, points bool) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(1.5), dashes
	pl.Add(l)
	if points {
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.Color = c
		pl.Add(s)
	}
	pl.Legend.Add(name, l)
	return nil
}
