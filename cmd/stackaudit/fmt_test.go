package main

import (
	"bytes"
	"testing"
)

// TestWriteDiff: the -diff output is a unified diff that patch takes,
// also for a file without a final newline.
func TestWriteDiff(t *testing.T) {
	tests := []struct {
		name, before, after, want string
	}{
		{
			name:   "reformatted lines",
			before: "tool \"x\" {\ncategory=\"crm\"\n  capabilities = [\"crm\"]\n}\n",
			after:  "tool \"x\" {\n  category     = \"crm\"\n  capabilities = [\"crm\"]\n}\n",
			want: "diff old/inv/a.hcl new/inv/a.hcl\n--- old/inv/a.hcl\n+++ new/inv/a.hcl\n@@ -1,4 +1,4 @@\n" +
				" tool \"x\" {\n-category=\"crm\"\n+  category     = \"crm\"\n   capabilities = [\"crm\"]\n }\n",
		},
		{
			name:   "no final newline",
			before: "a=1",
			after:  "a = 1\n",
			want: "diff old/inv/a.hcl new/inv/a.hcl\n--- old/inv/a.hcl\n+++ new/inv/a.hcl\n@@ -1,1 +1,1 @@\n" +
				"-a=1\n\\ No newline at end of file\n+a = 1\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeDiff(&b, "inv/a.hcl", []byte(tc.before), []byte(tc.after)); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("writeDiff wrote\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}
