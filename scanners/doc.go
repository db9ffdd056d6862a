// Package scanners measures real usage from vendor APIs and discovers tools
// and flows nobody declared (SPEC §5).
//
// The entry point is Run: it schedules every declared tool's `scan` block
// concurrently over the Kinds it is given (each kind a Kind declared in its
// own sub-folder, listed by scanners/registry), and returns the
// Snapshot: the versioned JSON file that policies and reports read (Read,
// Latest, Write). Validate checks every kind's settings without a network
// call. Scanners reach vendors only through Env: credentials via
// Env.Getenv, HTTP via Env.Client (retries on 429/5xx honouring
// Retry-After, timeouts, size limits, per-vendor rate limits, redirects
// that drop credentials). scanners/sandbox simulates the vendors for tests
// and --sandbox, from the simulators the kinds declare.
//
// What every kind does the same way is written here once: Settings,
// DiagnosticsOf and Prepare decode a block and read its token, and
// BlockScanner and BlockDiscoverer make a kind's Scanner and Discoverer of
// its decode and measure functions; TextSetting, BoolSetting and
// InvalidSetting decode and reject a setting;
// PaginateCall, UserList and CheckIDs page through a vendor's users,
// within the ceilings every scan has (ceilings.go: the user cap of
// WithMaxUsers that NewUserList and KeepUser count against, the run's
// deadline, MaxCursor and loop detection by hash);
// Rejected, NotFound and ShownBase turn a refused call into advice.
package scanners
