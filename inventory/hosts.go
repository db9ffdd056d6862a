package inventory

import (
	"fmt"
	"regexp"
)

// instanceHosts are the documented domain patterns of the vendors whose API
// lives on a per-customer host. A host outside them is refused, so that a
// pull request cannot make a scan send its token elsewhere; only
// `--endpoint` on the command line can.
var instanceHosts = map[string]struct {
	pattern *regexp.Regexp
	example string
}{
	"salesforce": {regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)*\.my\.salesforce\.com$`), "acme.my.salesforce.com"},
	"okta":       {regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.(okta|oktapreview|okta-emea)\.com$`), "acme.okta.com"},
	"mailchimp":  {regexp.MustCompile(`^[a-z]{2}[0-9]{1,3}\.api\.mailchimp\.com$`), "us6.api.mailchimp.com"},
}

// checkHost returns why host is not allowed for kind, or "".
func checkHost(kind, host string) string {
	h, ok := instanceHosts[kind]
	if !ok {
		return fmt.Sprintf("A %s block does not take a host: its API address is fixed. To reach a proxy or a test server, use --endpoint %s=URL on the command line.", kind, kind)
	}
	if !h.pattern.MatchString(host) {
		return fmt.Sprintf("%q is not %s %s instance host. Write the bare host name, like %q; any other address can only be given with --endpoint %s=URL on the command line.", host, article(kind), kind, h.example, kind)
	}
	return ""
}
