package main

import (
	"archive/zip"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workbookPart is one part of a written workbook, read from its zip.
func workbookPart(t *testing.T, xlsx, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(xlsx)
	require.NoError(t, err)
	defer zr.Close()
	data, err := fs.ReadFile(zr, name)
	require.NoError(t, err, name)
	return string(data)
}

// TestAuditSandboxMarksTheWorkbook: a workbook made from --sandbox usage
// says so in its properties and on its sheets; one from a real scan does
// not.
func TestAuditSandboxMarksTheWorkbook(t *testing.T) {
	const banner = "SIMULATED USAGE — not measured from vendors"
	dir := copyExample(t, "acme")
	xlsx := filepath.Join(t.TempDir(), "sandbox.xlsx")
	code, _, stderr := runWithEnv(t, nil, "audit", dir, "--sandbox", "--as-of", "2026-11-20", "-o", xlsx)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, workbookPart(t, xlsx, "docProps/core.xml"), banner)
	assert.Contains(t, workbookPart(t, xlsx, "xl/worksheets/sheet2.xml"), banner, "the Actions sheet")

	real, endpoint := scanFixture(t)
	xlsx = filepath.Join(t.TempDir(), "scan.xlsx")
	code, _, stderr = runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"audit", real, "--scan", "--endpoint", endpoint, "--as-of", "2026-11-20", "-o", xlsx)
	require.Equal(t, exitOK, code, stderr)
	assert.False(t, strings.Contains(workbookPart(t, xlsx, "docProps/core.xml"), banner))
	assert.False(t, strings.Contains(workbookPart(t, xlsx, "xl/worksheets/sheet2.xml"), banner))
}
