tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops

  cost {
    amount = 96000
    period = "year"
    seats  = 40
  }
}

tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = team.revops
}
