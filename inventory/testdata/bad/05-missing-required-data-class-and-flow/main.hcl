# A data class without its sensitivity, and flows without from or to.

team "revops" {
  name = "Revenue Operations"
}

data_class "contact_pii" { # ERROR: Missing required argument
  name    = "Contact PII"
  steward = team.revops
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
}

flow "hubspot_to_salesforce" { # ERROR: Missing required argument
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_sync" { # ERROR: Missing required argument
  from   = tool.salesforce
  owner  = team.revops
  method = "api"
}
