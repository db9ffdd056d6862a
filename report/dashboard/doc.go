// Package dashboard renders the shared static site (`stackaudit
// dashboard`): the stack map by journey stage and category, the data-flow
// graph, spend, renewals, actions, findings and ownership, from the same
// [result.Result] every other report renders. It computes no money: every
// figure is the Result's.
//
// The entry point is [Build], which returns the site's files in memory;
// [Write] writes them to a folder atomically (a temporary folder renamed
// into place), refusing a non-empty folder that is not a previous site.
//
// The site is self-contained: HTML pages rendered with html/template (every
// inventory and vendor string escaped), one stylesheet, one script and the
// stack-map data as a script (data.js: a page opened from file:// cannot
// fetch JSON). A Content-Security-Policy meta tag allows only the site's
// own files, so it works from file:// and GitHub Pages and loads nothing
// else. The same inputs give the same bytes.
package dashboard
