# Waivers naming subjects that do not exist, and rule ids that are not ids.

team "mops" {
  name = "Marketing Operations"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops
}

waiver "marketo-overlap" {
  rule        = "redundant-capability"
  subjects    = [tool.hubspot, tool.marketo] # ERROR: Reference to undeclared tool
  reason      = "EMEA migration from Marketo to HubSpot completes in Q2 2027"
  approved_by = "cmo@acme.example"
  expires     = "2027-06-30"
}

waiver "landing-pages-overlap" {
  rule     = "Redundant Capability" # ERROR: Invalid rule id
  subjects = [capability.landing-page] # ERROR: Reference to undeclared capability
  reason   = "Webflow pages are for the careers site only"
  expires  = "2026-12-31"
}

waiver "agency-pii" {
  rule     = "agency_holds_personal_data!" # ERROR: Invalid rule id
  subjects = [team.brightpath] # ERROR: Reference to undeclared team
  reason   = "Matched audiences only; DPA addendum signed"
  expires  = "2026-12-31"
}
