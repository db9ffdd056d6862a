# Outside policy blocks every value must be a literal: no operators, no
# variables, no function calls and no ${...} templates.

tool "hubspot" {
  name    = "HubSpot ${"Marketing"} Hub" # ERROR: Expression not allowed
  product = "hubspot-marketing-hub"

  cost {
    amount = 8000 * 12 # ERROR: Expression not allowed
    period = var.period # ERROR: Variables not allowed
  }
}

tool "marketo" {
  name    = upper("marketo") # ERROR: Function calls not allowed
  product = "marketo-engage"
  status  = true ? "active" : "retiring" # ERROR: Expression not allowed
}
