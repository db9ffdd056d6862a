# Unknown taxonomy and catalog ids are warnings; the undeclared owner is the
# one error that makes this inventory invalid.

tool "hubspot" {
  product      = "hubspot-marketing"     # WARNING: Unknown product
  category     = "marketing-automaton"   # WARNING: Unknown category
  capabilities = ["email-marketing", "landing-page", "forms"] # WARNING: Unknown capability
  owner        = team.mops # ERROR: Reference to undeclared team
}

capability "podcast-hosting" {
  name     = "Podcast hosting and analytics"
  category = "content-marketting" # WARNING: Unknown category
}

tool "buzzsprout" {
  name         = "Buzzsprout"
  category     = "content-marketing"
  capabilities = ["podcast-hosting", "podcast-analytics"] # WARNING: Unknown capability
}
