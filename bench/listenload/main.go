// Command listenload measures a webhook receiver under load (issue 27):
// many senders posting signed GitHub deliveries at once, as fast as they
// are answered. It is also the two other parts of that measure: the local
// app deliveries are forwarded to, and the bare receiver hookctl listen is
// compared with, which only verifies and forwards.
//
//	listenload app -addr 127.0.0.1:PORT
//	listenload bare -addr 127.0.0.1:PORT -secret S -forward-to URL
//	listenload load -url URL -secret S [-n N] [-c 16] [-pid PID] [-mark 100000,130000]
//	listenload compare BARE.jsonl LISTEN.jsonl
//
// app answers every POST 200 "ok" once the body is read. bare checks
// X-Hub-Signature-256 (HMAC-SHA256 of the body) as GitHub signs, answers
// 401 when it does not match, and relays the delivery (method, headers,
// body) to -forward-to, answering with the app's status. load sends N
// deliveries from C senders, each a GitHub push with its own id, and
// prints one JSON object: deliveries per second, p50, p99 and max latency,
// the non-2xx count and, with -pid, the process's resident memory (VmRSS)
// when the deliveries named by -mark had been answered and its peak
// (VmHWM) at the end. compare reads load's lines for the two receivers,
// one per round, and prints a markdown table of the medians, their ratios
// and the targets. Everything is on loopback.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: listenload app|bare|load [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to serve on (app, bare)")
	secret := fs.String("secret", "", "the GitHub webhook secret (bare, load)")
	forward := fs.String("forward-to", "", "the app's URL (bare)")
	target := fs.String("url", "", "the receiver's URL (load)")
	n := fs.Int("n", 130000, "deliveries to send (load)")
	c := fs.Int("c", 16, "concurrent senders (load)")
	pid := fs.Int("pid", 0, "the receiver's process id, to read its memory (load)")
	marks := fs.String("mark", "100000,130000", "deliveries at which to read the memory (load)")
	_ = fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "app":
		serve(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = io.WriteString(w, "ok")
		}))
	case "bare":
		serve(*addr, bare(*secret, *forward))
	case "compare":
		if err := compare(fs.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "listenload:", err)
			os.Exit(1)
		}
	case "load":
		if err := load(*target, *secret, *n, *c, *pid, *marks); err != nil {
			fmt.Fprintln(os.Stderr, "listenload:", err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: listenload app|bare|load [flags]")
		os.Exit(2)
	}
}

// serve serves h on addr and says where on stdout, one line.
func serve(addr string, h http.Handler) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listenload:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 10 * time.Second}
	_ = srv.Serve(ln)
}

// client relays to the app as listen does: kept-alive connections, no
// compression, no proxy.
func client() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		Proxy: nil, DisableCompression: true, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
	}}
}

// bare is the receiver listen is compared with: verify, then forward.
func bare(secret, forward string) http.Handler {
	cl := client()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			http.Error(w, "incomplete body", http.StatusBadRequest)
			return
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Hub-Signature-256"))) {
			http.Error(w, "signature failed", http.StatusUnauthorized)
			return
		}
		req, err := http.NewRequestWithContext(r.Context(), r.Method, forward, bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header = r.Header.Clone()
		for _, k := range []string{"Connection", "Keep-Alive", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Connection"} {
			req.Header.Del(k)
		}
		resp, err := cl.Do(req)
		if err != nil {
			http.Error(w, "the app did not answer", http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(b)
	})
}

// pushBody is a GitHub push delivery's body, about 1.5 KB, unique per i.
func pushBody(run string, i int) []byte {
	return []byte(fmt.Sprintf(`{"ref":"refs/heads/main","before":"%040d","after":"%s%032x","repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"Hello-World","full_name":"octocat/Hello-World","private":false,"owner":{"name":"octocat","email":"octocat@github.com","login":"octocat","id":1,"type":"User"},"html_url":"https://github.com/octocat/Hello-World","description":"This your first repo!","fork":false,"url":"https://github.com/octocat/Hello-World","created_at":1298675765,"updated_at":"2026-01-05T12:00:00Z","pushed_at":1767614400,"default_branch":"main","master_branch":"main"},"pusher":{"name":"octocat","email":"octocat@github.com"},"sender":{"login":"octocat","id":1,"type":"User","site_admin":false},"created":false,"deleted":false,"forced":false,"base_ref":null,"compare":"https://github.com/octocat/Hello-World/compare/000000000000...%s","commits":[{"id":"%s%032x","tree_id":"%040d","distinct":true,"message":"Delivery %d of run %s: café ✓","timestamp":"2026-01-05T12:00:00Z","url":"https://github.com/octocat/Hello-World/commit/%d","author":{"name":"Mona Lisa","email":"mona@github.com","username":"octocat"},"committer":{"name":"Mona Lisa","email":"mona@github.com","username":"octocat"},"added":["README.md"],"removed":[],"modified":["docs/index.md"]}],"head_commit":null}`,
		i, run, i, run, run, i, i, i, run, i))
}

// rss reads a process's VmRSS and VmHWM, in KiB.
func rss(pid int) (cur, peak int) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		x, _ := strconv.Atoi(f[0])
		switch k {
		case "VmRSS":
			cur = x
		case "VmHWM":
			peak = x
		}
	}
	return cur, peak
}

// cpuTime reads the CPU time a process has used (user and system), at
// the kernel's 100 ticks a second.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses:
	// utime and stime are the 12th and 13th.
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(u+st) * 10 * time.Millisecond
}

type result struct {
	URL        string         `json:"url"`
	N          int            `json:"deliveries"`
	Senders    int            `json:"senders"`
	Seconds    float64        `json:"seconds"`
	Rate       float64        `json:"per_second"`
	P50        float64        `json:"p50_ms"`
	P99        float64        `json:"p99_ms"`
	Max        float64        `json:"max_ms"`
	Non2xx     int64          `json:"non_2xx"`
	Errors     int64          `json:"errors"`
	RSSAt      map[string]int `json:"rss_kib_at,omitempty"`
	PeakKiB    int            `json:"peak_rss_kib,omitempty"`
	GrowthPct  float64        `json:"growth_pct,omitempty"`
	FirstError string         `json:"first_error,omitempty"`
	// CPUMicros is the receiver's CPU time per delivery, in µs.
	CPUMicros float64 `json:"cpu_us_per_delivery,omitempty"`
}

func load(target, secret string, n, c, pid int, marks string) error {
	if target == "" || secret == "" {
		return fmt.Errorf("-url and -secret are required")
	}
	var at []int
	for _, m := range strings.Split(marks, ",") {
		if x, err := strconv.Atoi(strings.TrimSpace(m)); err == nil && x > 0 && x <= n {
			at = append(at, x)
		}
	}
	runID := make([]byte, 4)
	_, _ = rand.Read(runID)
	run := hex.EncodeToString(runID)
	cl := client()
	lat := make([]time.Duration, n)
	var next, done, non2xx, errs atomic.Int64
	var mu sync.Mutex
	res := result{URL: target, N: n, Senders: c, RSSAt: map[string]int{}}
	var wg sync.WaitGroup
	var cpu0 time.Duration
	if pid > 0 {
		cpu0 = cpuTime(pid)
	}
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1))
				if i > n {
					return
				}
				body := pushBody(run, i)
				mac := hmac.New(sha256.New, []byte(secret))
				mac.Write(body)
				req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("User-Agent", "GitHub-Hookshot/listenload")
				req.Header.Set("X-GitHub-Event", "push")
				req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("%s-%012d", run, i))
				req.Header.Set("X-GitHub-Hook-ID", "1")
				req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
				t0 := time.Now()
				resp, err := cl.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode < 200 || resp.StatusCode > 299 {
						non2xx.Add(1)
					}
				} else {
					errs.Add(1)
					mu.Lock()
					if res.FirstError == "" {
						res.FirstError = err.Error()
					}
					mu.Unlock()
				}
				lat[i-1] = time.Since(t0)
				d := int(done.Add(1))
				if pid > 0 && slices.Contains(at, d) {
					cur, _ := rss(pid)
					mu.Lock()
					res.RSSAt[strconv.Itoa(d)] = cur
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	res.Seconds = el.Seconds()
	res.Rate = float64(n) / el.Seconds()
	res.P50, res.P99, res.Max = ms(lat[n/2]), ms(lat[n*99/100]), ms(lat[n-1])
	res.Non2xx, res.Errors = non2xx.Load(), errs.Load()
	if pid > 0 {
		res.CPUMicros = float64((cpuTime(pid) - cpu0).Microseconds()) / float64(n)
		_, res.PeakKiB = rss(pid)
		if len(at) >= 2 {
			a, b := res.RSSAt[strconv.Itoa(at[0])], res.RSSAt[strconv.Itoa(at[len(at)-1])]
			if a > 0 {
				res.GrowthPct = float64(b-a) * 100 / float64(a)
			}
		}
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

func readResults(path string) ([]result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []result
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var r result
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no results", path)
	}
	return out, nil
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// compare prints the two receivers side by side, and whether listen meets
// the targets: ≥ 0.8× the bare receiver's rate, a p99 ≤ 2× its p99,
// memory growth ≤ 5 % between the marks and a peak under 64 MiB.
func compare(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("compare BARE.jsonl LISTEN.jsonl")
	}
	bare, err := readResults(args[0])
	if err != nil {
		return err
	}
	lis, err := readResults(args[1])
	if err != nil {
		return err
	}
	rate := func(r result) float64 { return r.Rate }
	p50 := func(r result) float64 { return r.P50 }
	p99 := func(r result) float64 { return r.P99 }
	bRate, lRate := median(bare, rate), median(lis, rate)
	bP99, lP99 := median(bare, p99), median(lis, p99)
	fmt.Printf("| receiver | rounds | deliveries/s | p50 ms | p99 ms | non-2xx | CPU µs/delivery | peak RSS MiB | RSS growth %% |\n|---|---|---|---|---|---|---|---|---|\n")
	row := func(name string, rs []result) {
		var non, errs int64
		var peak int
		var growth float64
		for _, r := range rs {
			non += r.Non2xx
			errs += r.Errors
			peak = max(peak, r.PeakKiB)
			growth = max(growth, r.GrowthPct)
		}
		cpu := median(rs, func(r result) float64 { return r.CPUMicros })
		fmt.Printf("| %s | %d | %.0f | %.2f | %.2f | %d | %.0f | %.1f | %.2f |\n", name, len(rs), median(rs, rate), median(rs, p50), median(rs, p99), non+errs, cpu, float64(peak)/1024, growth)
	}
	row("bare Go receiver", bare)
	row("hookctl listen", lis)
	var peak int
	var growth float64
	var bad int64
	for _, r := range lis {
		peak = max(peak, r.PeakKiB)
		growth = max(growth, r.GrowthPct)
		bad += r.Non2xx + r.Errors
	}
	ok := func(b bool) string {
		if b {
			return "met"
		}
		return "NOT met"
	}
	fmt.Println()
	fmt.Printf("- rate: %.2f× the bare receiver's (target ≥ 0.8×): %s\n", lRate/bRate, ok(lRate >= 0.8*bRate))
	fmt.Printf("- p99: %.2f× the bare receiver's (target ≤ 2×): %s\n", lP99/bP99, ok(lP99 <= 2*bP99))
	fmt.Printf("- memory: %.2f %% growth between the marks (target ≤ 5 %%), peak %.1f MiB (target < 64): %s\n", growth, float64(peak)/1024, ok(growth <= 5 && peak < 64*1024))
	fmt.Printf("- every delivery answered 2xx: %s\n", ok(bad == 0))
	return nil
}
