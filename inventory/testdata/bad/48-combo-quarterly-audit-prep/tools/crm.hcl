tool "salesforce" {
  product = "salesforce-sales-cloud"
  owner   = team.rev_ops # ERROR: Reference to undeclared team
  stages  = ["consideration", "conversion", "renewal"] # ERROR: Invalid value for stage

  cost {
    amount   = 14250
    currency = "USD"
    period   = "month"
    seats    = 95
  }

  scan "salesforce" {
    host      = "acme-analytics.lightning.force.com" # ERROR: Host not allowed for salesforce
    token_env = "SALESFORCE_TOKEN"
  }
}

tool "gong" {
  product = "gong"
  owner   = team.revops

  cost {
    amount   = 32000
    currency = "GBP" # ERROR: Unknown currency without exchange rate
    period   = "year"
    seats    = 25
  }
}
