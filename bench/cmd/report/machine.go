package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine describes where the suite ran.
type machine struct {
	cpuModel  string
	cores     int
	goVersion string
	osArch    string
	date      time.Time
	loadStart string
	loadEnd   string
}

func describeMachine() machine {
	return machine{
		cpuModel:  cpuModel(),
		cores:     runtime.NumCPU(),
		goVersion: goVersion(),
		osArch:    runtime.GOOS + "/" + runtime.GOARCH,
		date:      time.Now().UTC(),
		loadStart: loadAvg(),
	}
}

// cpuModel returns the first model name in /proc/cpuinfo, or "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// goVersion returns the version of the go command that builds the suite.
func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

// loadAvg returns the 1, 5 and 15 minute load averages, or "".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
