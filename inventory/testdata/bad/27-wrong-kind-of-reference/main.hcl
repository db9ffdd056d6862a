# References of the wrong kind: each attribute accepts one kind of block.

team "mops" {
  name = "Marketing Operations"
}

data_class "contact_pii" {
  sensitivity = "personal"
  steward     = tool.hubspot # ERROR: Wrong kind of reference
}

tool "hubspot" {
  product    = "hubspot-marketing-hub"
  owner      = tool.hubspot # ERROR: Wrong kind of reference
  objectives = [team.mops] # ERROR: Wrong kind of reference
  stores     = [data_class.contact_pii]
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = team.mops
}

flow "hubspot_to_salesforce" {
  from  = tool.hubspot
  to    = tool.salesforce
  data  = [tool.salesforce] # ERROR: Wrong kind of reference
  owner = team.mops
}
