// Command interleave times commands by taking turns: run 1 of each, then
// run 2 of each (in reverse order), and so on, so that a machine whose
// speed drifts (a shared VM) slows every command alike. hyperfine runs each
// command's runs back to back, and a drift between two blocks shows up as
// a difference between the commands; for start-up ratios of a few
// milliseconds that drift is larger than the effect measured.
//
//	interleave [-n RUNS] [-warmup N] NAME=COMMAND...
//
// Each COMMAND is split on spaces, with no other quoting (a word made of
// two single quotes is an empty argument), and run with stdout and stderr
// to /dev/null. It prints, per command, the median wall time, the mean CPU
// time (user + system) and both as ratios of the first command's,
// as a markdown table.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

type command struct {
	name       string
	argv       []string
	wall, cpus []time.Duration
}

func main() {
	runs := flag.Int("n", 100, "timed runs of each command")
	warmup := flag.Int("warmup", 5, "untimed runs of each command first")
	flag.Parse()
	var cmds []*command
	for _, arg := range flag.Args() {
		name, line, ok := strings.Cut(arg, "=")
		if !ok || strings.TrimSpace(line) == "" {
			fmt.Fprintf(os.Stderr, "interleave: %q: want NAME=COMMAND\n", arg)
			os.Exit(2)
		}
		argv := strings.Fields(line)
		for i, a := range argv {
			if a == "''" {
				argv[i] = ""
			}
		}
		cmds = append(cmds, &command{name: name, argv: argv})
	}
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "usage: interleave [-n RUNS] [-warmup N] NAME=COMMAND...")
		os.Exit(2)
	}
	for i := range *warmup + *runs {
		order := slices.Clone(cmds)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, c := range order {
			wall, cpu, err := run(c.argv)
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", c.name, err)
				os.Exit(1)
			}
			if i >= *warmup {
				c.wall, c.cpus = append(c.wall, wall), append(c.cpus, cpu)
			}
		}
	}
	ref := cmds[0]
	fmt.Println("| command | median | ratio | CPU | CPU ratio |")
	fmt.Println("|---|---|---|---|---|")
	for _, c := range cmds {
		fmt.Printf("| %s | %.1f ms | %.2f× | %.1f ms | %.2f× |\n", c.name, ms(median(c.wall)),
			ms(median(c.wall))/ms(median(ref.wall)), ms(mean(c.cpus)), ms(mean(c.cpus))/ms(mean(ref.cpus)))
	}
}

// run runs argv once and returns its wall and CPU time.
func run(argv []string) (wall, cpu time.Duration, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return sum / time.Duration(len(d))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
