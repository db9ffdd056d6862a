# Values of the wrong type: text where a number, bool or list is expected.

team "demand_gen" {
  name = "Demand Generation"
}

objective "pipeline" {
  name  = "Grow qualified pipeline 30% YoY"
  owner = team.demand_gen
  kpis  = "SQLs" # ERROR: Incorrect attribute value type
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.demand_gen
  sso     = "yes" # ERROR: Incorrect attribute value type
  stages  = "awareness" # ERROR: Incorrect attribute value type

  cost {
    amount = "lots" # ERROR: Incorrect attribute value type
    period = "year"
    seats  = "forty" # ERROR: Incorrect attribute value type
  }

  contract {
    auto_renew = "no" # ERROR: Incorrect attribute value type
    dpa        = 1 # ERROR: Incorrect attribute value type
  }
}
