# References with too many parts, too few, or an unknown block type.

team "mops" {
  name = "Marketing Operations"
  lead = "dana@acme.example"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops.lead # ERROR: Invalid reference
}

tool "marketo" {
  product = "marketo-engage"
  owner   = team # ERROR: Invalid reference
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = teams.mops # ERROR: Invalid reference
}

tool "segment" {
  product = "segment"
  owner   = team["mops"] # ERROR: Invalid reference
}
