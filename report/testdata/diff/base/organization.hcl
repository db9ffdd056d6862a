# Acme Analytics, Inc. — B2B SaaS, ~600 employees, headquartered in Boston
# with an EMEA office in London and a sales hub in Amsterdam.
#
# Marketing runs as a center of excellence: Marketing Operations owns the
# stack and the budget; regional teams and the agency work inside it.

organization {
  name              = "Acme Analytics, Inc."
  currency          = "USD"
  exchange_rates    = { EUR = 1.08, GBP = 1.27 }
  fiscal_year_start = "02-01"
  operating_model   = "center-of-excellence"
}
