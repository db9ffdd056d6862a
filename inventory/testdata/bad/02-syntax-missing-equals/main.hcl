# Two attributes written without their "=".

team "revops" {
  name = "Revenue Operations"
  lead = "sam@acme.example"
}

tool "salesforce" {
  name "Salesforce Sales Cloud" # ERROR: Invalid block definition
  category = "crm"
  owner    = team.revops

  cost {
    amount 14250 # ERROR: Argument or block definition required
    period = "month"
    seats  = 95
  }
}
