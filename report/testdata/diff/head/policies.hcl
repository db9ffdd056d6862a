# House rules on top of the built-in ones. A custom policy's `condition` must
# hold for every subject in `for_each`; where it does not, `message` becomes
# the finding.

policy "agency-tools-need-acme-admin" {
  severity    = "medium"
  description = "A tool owned by an agency must have an Acme admin, so that access survives the end of the retainer"
  for_each    = tools
  condition   = try(each.owner.kind, "internal") != "agency" || anytrue([for a in each.admins : length(regexall("@acme\\.example$", a)) > 0])
  message     = "${each.name} is owned by ${each.owner.name} and has no Acme admin"
}

policy "no-flows-through-retiring-tools" {
  severity    = "low"
  description = "Integrations must move off a tool before the tool is retired"
  for_each    = flows
  condition   = !contains(["retiring", "retired"], try(each.via.status, "active"))
  message     = "The flow from ${each.from.name} to ${each.to.name} still runs through ${each.via.name}, which is ${each.via.status}"
}

policy "sensitive-data-needs-sso" {
  severity    = "high"
  description = "Tools that hold sensitive data must sign in through Okta"
  for_each    = tools
  condition   = !anytrue([for d in each.stores : d.sensitivity == "sensitive"]) || each.sso == true
  message     = "${each.name} stores sensitive data but does not use single sign-on"
}

# Built-in rules, configured.

rule "low-utilization" {
  threshold = 0.5
}

rule "no-sso" {
  severity  = "high"
  min_seats = 10
}

# Accepted exceptions. A waived finding stays in every report, marked waived.

waiver "marketo-overlap" {
  rule        = "redundant-capability"
  subjects    = [tool.marketo]
  reason      = "Migration to HubSpot completes 2027-Q2; Marketo is not renewed after 2027-06-30"
  approved_by = "maria.chen@acme.example"
  expires     = "2027-06-30"
}

waiver "wistia-renewal" {
  rule        = "contract-lapsed"
  subjects    = [tool.wistia]
  reason      = "Renewal being negotiated through Vendr"
  approved_by = "dana.kim@acme.example"
  expires     = "2026-09-30" # deliberate: expired-waiver
}
