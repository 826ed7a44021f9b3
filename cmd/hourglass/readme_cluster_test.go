package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"hourglass/sim/job"
)

// The README's "Beyond one machine" examples (a Kubernetes Indexed Job and a
// Slurm array job) are checked here against the CLI they drive: their shape,
// and that the shards they start tile every replication exactly once.
// scripts/slurm-test.sh runs the Slurm one for real on a one-node cluster.

// readmeBlock returns the first ```lang fenced block of the README section
// with the given heading.
func readmeBlock(t *testing.T, heading, lang string) (block, section string) {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README.md has no %q section", heading)
	}
	section = text[i+len(heading)+2:]
	if loc := regexp.MustCompile(`\n#{1,6} `).FindStringIndex(section); loc != nil { // the next heading
		section = section[:loc[0]]
	}
	start := strings.Index(section, "```"+lang+"\n")
	if start < 0 {
		t.Fatalf("README.md %q has no ```%s block", heading, lang)
	}
	rest := section[start+len("```"+lang+"\n"):]
	end := strings.Index(rest, "\n```")
	if end < 0 {
		t.Fatalf("README.md %q: unterminated ```%s block", heading, lang)
	}
	return rest[:end+1], section
}

// compareFlags parses the arguments of an `hourglass compare` command line
// with the command's own flags and returns them with the scenario names.
func compareFlags(t *testing.T, args []string) (*expFlags, []string) {
	t.Helper()
	f := expFlags{spec: job.Spec{Kind: job.Compare}}
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		t.Fatalf("hourglass compare %s: %v", strings.Join(args, " "), err)
	}
	if len(pos) < 2 {
		t.Fatalf("hourglass compare %s: want a baseline and an alternative", strings.Join(args, " "))
	}
	for _, p := range pos {
		if _, err := job.Load(p); err != nil {
			t.Fatalf("scenario %s: %v", p, err)
		}
	}
	return &f, pos
}

// checkTiling resolves the shard of every index, with setIndex setting the
// environment of shard i, and checks that the shards cover [0, n) once.
func checkTiling(t *testing.T, f *expFlags, shards int, setIndex func(i int)) {
	t.Helper()
	next := 0
	for i := 0; i < shards; i++ {
		setIndex(i)
		shard, err := job.ParseShard(f.shard, f.shards, os.Getenv)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		first, end := shard.Range(f.spec.N)
		label := shard.String()
		if want := strconv.Itoa(i) + "/" + strconv.Itoa(shards); label != want {
			t.Errorf("shard %d: label %q, want %q", i, label, want)
		}
		if first != next || end < first {
			t.Errorf("shard %d: replications [%d, %d), want it to start at %d", i, first, end, next)
		}
		next = end
	}
	if next != f.spec.N {
		t.Errorf("the shards end at replication %d, want %d", next, f.spec.N)
	}
}

type readmeJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		CompletionMode string `yaml:"completionMode"`
		BackoffLimit   *int   `yaml:"backoffLimit"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name         string   `yaml:"name"`
					Image        string   `yaml:"image"`
					Command      []string `yaml:"command"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func TestReadmeKubernetesIndexedJob(t *testing.T) {
	block, section := readmeBlock(t, "### Beyond one machine", "yaml")
	var job readmeJob
	dec := yaml.NewDecoder(strings.NewReader(block))
	dec.KnownFields(true) // a misspelt field is an error, not a silent default
	if err := dec.Decode(&job); err != nil {
		t.Fatalf("README's Job YAML: %v\n%s", err, block)
	}
	if job.Kind != "Job" || job.APIVersion != "batch/v1" {
		t.Errorf("kind %q, apiVersion %q: want Job, batch/v1", job.Kind, job.APIVersion)
	}
	s := job.Spec
	if s.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q, want Indexed", s.CompletionMode)
	}
	if s.BackoffLimit == nil || *s.BackoffLimit != 0 {
		t.Errorf("backoffLimit %s, want 0: a retried pod would find its shard's directory holding files and be refused", intOrUnset(s.BackoffLimit))
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Completions < 1 || *s.Parallelism != *s.Completions {
		t.Fatalf("completions %s, parallelism %s: want both set and equal", intOrUnset(s.Completions), intOrUnset(s.Parallelism))
	}
	completions := *s.Completions
	pod := s.Template.Spec
	if pod.RestartPolicy != "Never" {
		t.Errorf("restartPolicy %q, want Never", pod.RestartPolicy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	cmd := append(append([]string{}, c.Command...), c.Args...)
	if len(cmd) < 2 || cmd[0] != "hourglass" || cmd[1] != "compare" {
		t.Fatalf("container command %q: want hourglass compare ...", cmd)
	}
	f, _ := compareFlags(t, cmd[2:])
	if f.shards != completions {
		t.Errorf("--shards %d, want completions (%d)", f.shards, completions)
	}
	if f.shard != "" {
		t.Errorf("--shard %q: the index comes from JOB_COMPLETION_INDEX", f.shard)
	}
	at := strings.Index(f.spec.Out, "$(JOB_COMPLETION_INDEX)")
	if at < 0 {
		t.Fatalf("--out %q: want one directory per index, with $(JOB_COMPLETION_INDEX)", f.spec.Out)
	}
	mounted := false
	for _, m := range c.VolumeMounts {
		if m.MountPath != "" && strings.HasPrefix(f.spec.Out, strings.TrimSuffix(m.MountPath, "/")+"/") {
			mounted = true
			found := false
			for _, v := range pod.Volumes {
				found = found || (v.Name == m.Name && v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName != "")
			}
			if !found {
				t.Errorf("volume mount %q: no persistentVolumeClaim volume of that name", m.Name)
			}
		}
	}
	if !mounted {
		t.Errorf("--out %q is not on a mounted volume, so the merge cannot see the shards", f.spec.Out)
	}
	if glob := f.spec.Out[:at] + "*"; !slices.Contains(mergeInputs(section, ""), glob) {
		t.Errorf("README: want `hourglass merge --out DIR %s` after the Job", glob)
	}
	checkTiling(t, f, completions, func(i int) { t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i)) })
}

func intOrUnset(p *int) string {
	if p == nil {
		return "unset"
	}
	return strconv.Itoa(*p)
}

// mergeInputs returns the input of each `hourglass merge --out DIR INPUT` in
// the text that follows prefix (a regular expression).
func mergeInputs(text, prefix string) []string {
	var in []string
	for _, m := range regexp.MustCompile(prefix+"hourglass merge --out [^ `']+ ([^ `']+)").FindAllStringSubmatch(text, -1) {
		in = append(in, m[1])
	}
	return in
}

// shellWords splits a command line on blanks, dropping double quotes and
// joining backslash-continued lines: enough for the README's examples.
func shellWords(s string) []string {
	s = strings.ReplaceAll(s, "\\\n", " ")
	var words []string
	var w bytes.Buffer
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case (r == ' ' || r == '\t' || r == '\n') && !quoted:
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestReadmeSlurmArrayJob(t *testing.T) {
	block, section := readmeBlock(t, "### Beyond one machine", "sh")
	m := regexp.MustCompile(`(?m)^#SBATCH --array=0-(\d+)$`).FindStringSubmatch(block)
	if m == nil {
		t.Fatalf("README's Slurm script has no `#SBATCH --array=0-(N-1)` line:\n%s", block)
	}
	last, _ := strconv.Atoi(m[1])
	tasks := last + 1
	cpus := 0
	if c := regexp.MustCompile(`(?m)^#SBATCH --cpus-per-task=(\d+)$`).FindStringSubmatch(block); c != nil {
		cpus, _ = strconv.Atoi(c[1])
	}

	// The hourglass command: the first line that starts with it, and its
	// continuation lines.
	i := strings.Index(block, "\nhourglass compare ")
	if i < 0 {
		t.Fatalf("README's Slurm script runs no `hourglass compare`:\n%s", block)
	}
	line := block[i+1:]
	for j := 0; ; {
		k := strings.IndexByte(line[j:], '\n')
		if k < 0 || j+k == 0 || line[j+k-1] != '\\' {
			if k >= 0 {
				line = line[:j+k]
			}
			break
		}
		j += k + 1
	}
	words := shellWords(line)
	for n, w := range words {
		if w == "$SLURM_CPUS_PER_TASK" {
			if cpus == 0 {
				t.Errorf("-j $SLURM_CPUS_PER_TASK without #SBATCH --cpus-per-task")
			}
			words[n] = strconv.Itoa(max(cpus, 1))
		}
	}
	f, _ := compareFlags(t, words[2:])
	if f.shard != "" || f.shards != 0 {
		t.Errorf("--shard %q, --shards %d: under Slurm the shard comes from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT", f.shard, f.shards)
	}
	at := strings.Index(f.spec.Out, "$SLURM_ARRAY_TASK_ID")
	if at < 0 {
		t.Fatalf("--out %q: want one directory per task, with $SLURM_ARRAY_TASK_ID", f.spec.Out)
	}
	if glob := f.spec.Out[:at] + "*"; !slices.Contains(mergeInputs(section, `sbatch --dependency=afterok:\S+ --wrap '`), glob) {
		t.Errorf("README: want `sbatch --dependency=afterok:<jobid> --wrap 'hourglass merge --out DIR %s'` after the script", glob)
	}
	t.Setenv("SLURM_ARRAY_TASK_COUNT", strconv.Itoa(tasks))
	checkTiling(t, f, tasks, func(i int) { t.Setenv("SLURM_ARRAY_TASK_ID", strconv.Itoa(i)) })
}
