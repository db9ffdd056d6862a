// Package commenttest fakes the comment APIs of GitHub (issue comments
// over REST, minimizeComment over GraphQL) and GitLab (merge-request
// notes over REST v4) for tests: [NewGitHub] and [NewGitLab] return
// in-memory servers with paging, tokens with and without permission,
// missing numbers and rate limits.
package commenttest
