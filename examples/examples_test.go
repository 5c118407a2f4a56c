// Package examples_test checks the cluster recipes in examples/: the
// Kubernetes manifests decode strictly into the API's types and meet the
// Pod Security Standard "restricted", and the Slurm scripts refuse to run
// without a mirror. It is a test package only: the Kubernetes API types
// never reach the gutcount binary.
package examples_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// decode reads the manifest file into v strictly: a field that the type
// does not have (a typo, a field of another version) is an error.
func decode(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
	Images     []struct {
		Name    string `json:"name"`
		NewTag  string `json:"newTag"`
		NewName string `json:"newName,omitempty"`
	} `json:"images"`
}

func TestManifests(t *testing.T) {
	var k kustomization
	decode(t, "kustomization.yaml", &k)
	if k.Kind != "Kustomization" || len(k.Images) != 1 {
		t.Fatalf("kustomization.yaml: kind %q, %d images; want a Kustomization naming the image once", k.Kind, len(k.Images))
	}
	image := k.Images[0].Name + ":" + k.Images[0].NewTag
	if !slices.Equal(k.Resources, []string{"k8s-pvc.yaml", "k8s-shards.yaml", "k8s-merge.yaml"}) {
		t.Errorf("kustomization.yaml resources = %v; want the three manifests", k.Resources)
	}

	var pvc corev1.PersistentVolumeClaim
	decode(t, "k8s-pvc.yaml", &pvc)
	if pvc.Kind != "PersistentVolumeClaim" || !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) || pvc.Labels["gutcount/step"] != "run" {
		t.Errorf("k8s-pvc.yaml: kind %q, access %v, labels %v; want a ReadWriteMany claim of step run", pvc.Kind, pvc.Spec.AccessModes, pvc.Labels)
	}

	for file, step := range map[string]string{"k8s-shards.yaml": "run", "k8s-merge.yaml": "merge"} {
		var job batchv1.Job
		decode(t, file, &job)
		if job.Kind != "Job" || job.APIVersion != "batch/v1" || job.Labels["gutcount/step"] != step {
			t.Errorf("%s: %s %s, labels %v; want a batch/v1 Job of step %s", file, job.APIVersion, job.Kind, job.Labels, step)
		}
		for _, problem := range restricted(job.Spec.Template.Spec) {
			t.Errorf("%s: not Pod Security restricted: %s", file, problem)
		}
		for _, c := range job.Spec.Template.Spec.Containers {
			if c.Image != image {
				t.Errorf("%s: container %s runs %q; want %q, the image of kustomization.yaml", file, c.Name, c.Image, image)
			}
		}
	}

	// The shards' Job: an Indexed Job that fails on a usage error (2)
	// and ignores a shard already being run (5).
	var shards batchv1.Job
	decode(t, "k8s-shards.yaml", &shards)
	if shards.Spec.CompletionMode == nil || *shards.Spec.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("k8s-shards.yaml: not an Indexed Job")
	}
	actions := map[int32]batchv1.PodFailurePolicyAction{}
	if p := shards.Spec.PodFailurePolicy; p != nil {
		for _, r := range p.Rules {
			if r.OnExitCodes != nil {
				for _, v := range r.OnExitCodes.Values {
					actions[v] = r.Action
				}
			}
		}
	}
	if actions[2] != batchv1.PodFailurePolicyActionFailJob || actions[5] != batchv1.PodFailurePolicyActionIgnore {
		t.Errorf("k8s-shards.yaml: exit code actions %v; want 2 FailJob, 5 Ignore", actions)
	}
}

// restricted lists what in spec the Pod Security Standard "restricted"
// (Kubernetes 1.29) forbids.
func restricted(spec corev1.PodSpec) []string {
	var bad []string
	psc := spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if spec.HostNetwork || spec.HostPID || spec.HostIPC {
		bad = append(bad, "host namespaces")
	}
	if psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		bad = append(bad, "runAsUser 0")
	}
	podNonRoot := psc.RunAsNonRoot != nil && *psc.RunAsNonRoot
	podSeccomp := psc.SeccompProfile != nil && (psc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault || psc.SeccompProfile.Type == corev1.SeccompProfileTypeLocalhost)
	for _, v := range spec.Volumes {
		s := v.VolumeSource
		if s.ConfigMap == nil && s.PersistentVolumeClaim == nil && s.Secret == nil && s.EmptyDir == nil &&
			s.Projected == nil && s.DownwardAPI == nil && s.CSI == nil && s.Ephemeral == nil {
			bad = append(bad, "volume "+v.Name+" of a restricted type")
		}
	}
	for _, c := range append(slices.Clone(spec.InitContainers), spec.Containers...) {
		sc := c.SecurityContext
		if sc == nil {
			sc = &corev1.SecurityContext{}
		}
		if sc.Privileged != nil && *sc.Privileged {
			bad = append(bad, c.Name+": privileged")
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			bad = append(bad, c.Name+": allowPrivilegeEscalation is not false")
		}
		if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			bad = append(bad, c.Name+": capabilities do not drop ALL")
		} else {
			for _, a := range sc.Capabilities.Add {
				if a != "NET_BIND_SERVICE" {
					bad = append(bad, c.Name+": adds capability "+string(a))
				}
			}
		}
		if !podNonRoot && (sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot) {
			bad = append(bad, c.Name+": runAsNonRoot is not true")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			bad = append(bad, c.Name+": runAsUser 0")
		}
		if !podSeccomp && (sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault && sc.SeccompProfile.Type != corev1.SeccompProfileTypeLocalhost) {
			bad = append(bad, c.Name+": no seccompProfile RuntimeDefault or Localhost")
		}
		for _, p := range c.Ports {
			if p.HostPort != 0 {
				bad = append(bad, c.Name+": a hostPort")
			}
		}
	}
	return bad
}

// The Slurm array refuses to start without a mirror, unless told that
// gutenberg.org may be used; with one, every task passes it on.
func TestSlurmArrayNeedsAMirror(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	run := func(env ...string) (string, int) {
		cmd := exec.Command(bash, "slurm-array.sh")
		// GUTCOUNT=echo prints the command the task would run.
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "GUTCOUNT=echo", "SLURM_CPUS_PER_TASK=2"}, env...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	if out, code := run(); code != 2 || !strings.HasPrefix(out, "gutcount: MIRROR is not set at the top of slurm-array.sh") {
		t.Errorf("slurm-array.sh without a mirror: exit %d, %q; want 2 and why", code, out)
	}
	if out, code := run("MIRROR=http://127.0.0.1:8080"); code != 0 || !strings.HasPrefix(out, "--mirror http://127.0.0.1:8080 batch books.txt --freq -n -j 2 --shard auto/8 --failed-ok") {
		t.Errorf("slurm-array.sh with MIRROR: exit %d, %q; want the batch with --mirror", code, out)
	}
	if out, code := run("GUTCOUNT_MIRROR=http://m.example:80"); code != 0 || !strings.HasPrefix(out, "--mirror http://m.example:80 batch") {
		t.Errorf("slurm-array.sh with GUTCOUNT_MIRROR: exit %d, %q; want the batch with --mirror", code, out)
	}
	if out, code := run("USE_GUTENBERG_ORG=yes"); code != 0 || !strings.HasPrefix(out, "batch books.txt") {
		t.Errorf("slurm-array.sh with USE_GUTENBERG_ORG=yes: exit %d, %q; want the batch without --mirror", code, out)
	}
}
