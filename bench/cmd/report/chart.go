package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The size of a chart, and of the legend on its right.
const (
	chartWidth  = 9 * vg.Inch
	chartHeight = 5 * vg.Inch
	legendWidth = 1.6 * vg.Inch
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
			pl, lg, err := chart(d, wl, p)
			if err != nil {
				return nil, err
			}
			name := chartName(wl, p)
			if err := savePNG(pl, lg, filepath.Join(dir, name)); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
	}
	return files, nil
}

// savePNG draws pl with lg to its right, so that the legend never hides a
// line, and writes the image to file.
func savePNG(pl *plot.Plot, lg *plot.Legend, file string) (err error) {
	img := vgimg.New(chartWidth, chartHeight)
	dc := draw.New(img)
	pl.Draw(draw.Crop(dc, 0, -legendWidth, 0, 0))
	lg.Draw(draw.Crop(dc, chartWidth-legendWidth, 0, 0, -vg.Points(12)))

	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(f)
	return err
}

// chart returns the plot of wl at GOMAXPROCS p and its legend, kept apart
// from it.
func chart(d *data, wl string, p int) (*plot.Plot, *plot.Legend, error) {
	pl := plot.New()
	pl.Title.Text = fmt.Sprintf("workload %s, GOMAXPROCS %d", wl, p)
	pl.X.Label.Text = "client goroutines"
	pl.Y.Label.Text = "time per operation (ns)"
	pl.X.Scale, pl.X.Tick.Marker = plot.LogScale{}, clientTicks(d.clients)
	pl.Y.Scale, pl.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	lg := plot.NewLegend()
	lg.Top, lg.Left = true, true
	lg.Padding = vg.Points(2)

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
		if err := addLine(pl, &lg, im, xys, palette[i%len(palette)], dashes, true); err != nil {
			return nil, nil, err
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
		if err := addLine(pl, &lg, "floor: "+f, xys, gray, plotutil.Dashes(i+1), false); err != nil {
			return nil, nil, err
		}
	}
	// Whole decades, so that the log axis has a tick at each end.
	if pl.Y.Min > 0 && pl.Y.Max > 0 {
		pl.Y.Min = math.Pow(10, math.Floor(math.Log10(pl.Y.Min)))
		pl.Y.Max = math.Pow(10, math.Ceil(math.Log10(pl.Y.Max)))
	}
	return pl, &lg, nil
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
	color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
	color.RGBA{R: 0x39, G: 0x3b, B: 0x79, A: 0xff},
	color.RGBA{R: 0x63, G: 0x79, B: 0x39, A: 0xff},
	color.RGBA{R: 0x7b, G: 0x41, B: 0x73, A: 0xff},
}

// clientTicks marks the x axis at each client count.
func clientTicks(clients []int) plot.ConstantTicks {
	var t plot.ConstantTicks
	for _, n := range clients {
		t = append(t, plot.Tick{Value: float64(n), Label: strconv.Itoa(n)})
	}
	return t
}

// addLine adds a line through xys to pl and to lg, with a mark at each
// point if points is set.
func addLine(pl *plot.Plot, lg *plot.Legend, name string, xys plotter.XYs, c color.Color,
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
	lg.Add(name, l)
	return nil
}
