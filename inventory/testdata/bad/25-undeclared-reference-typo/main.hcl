# References to blocks that do not exist; close typos get a suggestion.

team "revops" {
  name = "Revenue Operations"
}

team "demand_gen" {
  name = "Demand Generation"
}

objective "pipeline" {
  owner = team.demand-gen # ERROR: Reference to undeclared team
  kpis  = ["SQLs per quarter"]
}

data_class "contact_pii" {
  sensitivity = "personal"
  steward     = team.privacy # ERROR: Reference to undeclared team
}

tool "salesforce" {
  product    = "salesforce-sales-cloud"
  owner      = team.revop # ERROR: Reference to undeclared team
  objectives = [objective.pipelines] # ERROR: Reference to undeclared objective
  stores     = [data_class.contact_pii, data_class.lead_score] # ERROR: Reference to undeclared data class
}

flow "salesforce_to_hubspot" {
  from  = tool.salesforce
  to    = tool.hubspot # ERROR: Reference to undeclared tool
  owner = team.revops
}
