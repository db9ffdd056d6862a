// Package comment keeps one sticky stackaudit comment on a pull request
// (GitHub) or merge request (GitLab). Its entry point is [Post], which
// applies a [Behavior] to a [Thread]; [NewGitHub] and [NewGitLab] are the
// two threads, both sending through the scanners' HTTP stack (retries,
// Retry-After, secondary rate limits, credentials kept to their host).
//
// The body carries a hidden marker with the run's valid-at time (see
// [Marker]): it is how a comment is recognised as stackaudit's, and how an
// older run is kept from overwriting a newer one.
package comment
