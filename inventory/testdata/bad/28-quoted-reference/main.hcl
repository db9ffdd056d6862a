# References written in quotes are strings, not references.

team "mops" {
  name = "Marketing Operations"
}

objective "pipeline" {
  owner = team.mops
}

tool "hubspot" {
  product    = "hubspot-marketing-hub"
  owner      = "team.mops" # ERROR: Invalid reference
  objectives = ["objective.pipeline"] # ERROR: Invalid reference
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
}

flow "hubspot_to_salesforce" {
  from = "tool.hubspot" # ERROR: Invalid reference
  to   = tool.salesforce
}
