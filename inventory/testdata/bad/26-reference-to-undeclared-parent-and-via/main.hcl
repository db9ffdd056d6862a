# The team "mops" exists but names a parent that does not; the flow names a
# via tool that does not exist. Each error is at the missing reference, not
# at the blocks that use "mops" or the flow.

team "mops" {
  name   = "Marketing Operations"
  parent = team.marketing # ERROR: Reference to undeclared team
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = team.mops
}

flow "hubspot_to_salesforce" {
  from  = tool.hubspot
  to    = tool.salesforce
  via   = tool.zapier # ERROR: Reference to undeclared tool
  owner = team.mops
}
