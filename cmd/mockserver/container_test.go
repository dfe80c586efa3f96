package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// readYAML decodes a snippet users copy, so a typo in it fails here even
// where no docker compose or GitHub runner is at hand.
func readYAML(t *testing.T, path string, v any) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, v), path)
	return string(data)
}

// healthcheckTest is the image's own check, in exec form: the image has no shell.
var healthcheckTest = []string{"CMD", "/mockserver", "healthcheck"}

func TestComposeSnippet(t *testing.T) {
	var doc struct {
		Services map[string]struct {
			Build       string            `yaml:"build"`
			Image       string            `yaml:"image"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Ports       []string          `yaml:"ports"`
			Healthcheck struct {
				Test     []string `yaml:"test"`
				Interval string   `yaml:"interval"`
				Retries  int      `yaml:"retries"`
			} `yaml:"healthcheck"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	text := readYAML(t, "../../examples/ci/docker-compose.yml", &doc)
	imemu, ok := doc.Services["imemu"]
	require.True(t, ok, "services.imemu")
	assert.Equal(t, "../..", imemu.Build, "builds the repository's Dockerfile")
	assert.Equal(t, healthcheckTest, imemu.Healthcheck.Test)
	assert.NotEmpty(t, imemu.Healthcheck.Interval)
	assert.Positive(t, imemu.Healthcheck.Retries)
	assert.Equal(t, []string{"--db", "/data/imemu.db"}, imemu.Command)
	assert.Contains(t, imemu.Volumes, "imemu-data:/data")
	assert.Contains(t, doc.Volumes, "imemu-data")
	assert.Contains(t, imemu.Ports, "127.0.0.1:8080:8080")
	for name := range imemu.Environment {
		assert.True(t, strings.HasPrefix(name, "MOCKSERVER_"), "environment %s", name)
	}
	assert.Equal(t, "service_healthy", doc.Services["backend"].DependsOn["imemu"].Condition)
	assertInDocs(t, text)
}

func TestGitHubActionsSnippet(t *testing.T) {
	var doc struct {
		Jobs map[string]struct {
			Services map[string]struct {
				Image   string            `yaml:"image"`
				Env     map[string]string `yaml:"env"`
				Ports   []string          `yaml:"ports"`
				Options string            `yaml:"options"`
				Command any               `yaml:"command"`
			} `yaml:"services"`
			Env   map[string]string `yaml:"env"`
			Steps []map[string]any  `yaml:"steps"`
		} `yaml:"jobs"`
	}
	text := readYAML(t, "../../examples/ci/github-actions.yml", &doc)
	job, ok := doc.Jobs["test"]
	require.True(t, ok, "jobs.test")
	svc, ok := job.Services["imemu"]
	require.True(t, ok, "jobs.test.services.imemu")
	assert.NotEmpty(t, svc.Image)
	assert.Nil(t, svc.Command, "GitHub service containers take no command")
	assert.Contains(t, svc.Ports, "8080:8080")
	assert.Contains(t, svc.Options, "--health-interval")
	assert.NotContains(t, svc.Options, "--health-cmd", "a --health-cmd runs through /bin/sh, which the image lacks")
	assert.Equal(t, "http://127.0.0.1:8080", job.Env["IMEMU_URL"])
	assert.NotEmpty(t, job.Steps)
	assertInDocs(t, text)
}

// assertInDocs checks that docs/ci.md shows the snippet exactly as the file
// holds it, so the page and the tested file cannot drift apart.
func assertInDocs(t *testing.T, snippet string) {
	t.Helper()
	data, err := os.ReadFile("../../docs/ci.md")
	require.NoError(t, err)
	assert.Contains(t, string(data), "```yaml\n"+snippet+"```", "docs/ci.md must show the snippet verbatim")
}
