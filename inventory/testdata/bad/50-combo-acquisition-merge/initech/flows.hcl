flow "pardot_to_salesforce" {
  from   = tool.pardot
  to     = tool.salesforce
  owner  = team.growth
  method = "native"
}

flow "hubspot_to_salesforce" {
  from  = tool.hubspot
  to    = tool.salesforce
  owner = team.revop # ERROR: Reference to undeclared team
}
