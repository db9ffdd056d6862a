# Enum values outside their sets, in tools and flows.

team "revops" {
  name = "Revenue Operations"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.revops
  status  = "paused" # ERROR: Invalid value for status
  stages  = ["awareness", "consideraton", "conversion"] # ERROR: Invalid value for stage
}

tool "marketo" {
  product = "marketo-engage"
  owner   = team.revops
  status  = "Active" # ERROR: Invalid value for status
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = team.revops
  stages = [
    "conversion",
    "loyalty", # ERROR: Invalid value for stage
  ]
}

flow "hubspot_to_salesforce" {
  from      = tool.hubspot
  to        = tool.salesforce
  owner     = team.revops
  method    = "webhook" # ERROR: Invalid value for method
  frequency = "real-time" # ERROR: Invalid value for frequency
}

flow "salesforce_to_marketo" {
  from      = tool.salesforce
  to        = tool.marketo
  owner     = team.revops
  method    = "reverse_etl" # ERROR: Invalid value for method
  frequency = "nightly" # ERROR: Invalid value for frequency
}
